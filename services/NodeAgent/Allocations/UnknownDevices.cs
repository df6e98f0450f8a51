using System.Diagnostics.Metrics;
using Metering.Contracts;
using NodeAgent.Sampling;

namespace NodeAgent.Allocations;

/// <summary>
/// Allocations that name a device this node does not have: a typo in the file, a scheduler's
/// stale view, or a GPU that fell off the bus. Nobody is billed for them; operators are told,
/// once each time the set changes, in the log and as a gauge they can alert on.
/// </summary>
public sealed class UnknownDevices
{
    public const string MeterName = "NodeAgent.Allocations";

    private readonly ILogger<UnknownDevices> _logger;
    private readonly Dictionary<string, string[]> _devicesByNode = new(StringComparer.Ordinal);
    // How many of the agent's nodes have each device, so one node's change costs its own devices,
    // not the fleet's: an agent simulating 12,500 nodes first reads them one after another.
    private readonly Dictionary<string, int> _nodesWith = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unknown = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, GpuAllocation>? _checked;
    private long _version;
    private long _loggedVersion;
    private readonly TimeProvider _clock;
    private IReadOnlySet<string> _logged = new HashSet<string>();
    private DateTimeOffset _loggedAt;

    public UnknownDevices(IMeterFactory meters, ILogger<UnknownDevices> logger, TimeProvider? clock = null)
    {
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        _loggedAt = _clock.GetUtcNow();
        meters.Create(MeterName).CreateObservableGauge(
            "node_agent.allocations.unknown_devices", () => _unknown.Count, unit: "{device}",
            description: "Allocations naming a device this node does not have.");
    }

    public IReadOnlySet<string> Reported => _unknown;

    /// <summary>
    /// Called for every node-second, so it only works when something changed, and then only on what
    /// changed: the node's devices, or (all of them) the allocations. An agent simulating a fleet
    /// reads many nodes under one set of allocations; a device is unknown when no node of the agent
    /// has it.
    /// </summary>
    public void Check(string nodeId, IReadOnlyList<GpuReading> seen, IReadOnlyDictionary<string, GpuAllocation> allocations)
    {
        var allocationsChanged = !ReferenceEquals(allocations, _checked);
        _checked = allocations;
        NoteDevices(nodeId, seen, allocationsChanged ? null : allocations);
        if (allocationsChanged)
        {
            _unknown.Clear();
            foreach (var device in allocations.Keys)
                if (!_nodesWith.ContainsKey(device)) _unknown.Add(device);
            _version++;
        }
        LogIfChanged(nodeId);
    }

    /// <summary>
    /// At most once a second, and not in the agent's first second: a simulated fleet's nodes are
    /// first read one after another, and each would otherwise log every other node's devices.
    /// </summary>
    private void LogIfChanged(string nodeId)
    {
        if (_loggedVersion == _version) return;
        var now = _clock.GetUtcNow();
        if (now - _loggedAt < TimeSpan.FromSeconds(1)) return;
        _loggedVersion = _version;
        if (_unknown.SetEquals(_logged)) return;
        (_logged, _loggedAt) = (new HashSet<string>(_unknown, StringComparer.Ordinal), now);
        if (_unknown.Count > 0)
            _logger.LogWarning("No node of this agent has the devices {Devices} that allocations name (last read: node {NodeId}); nobody is billed for them",
                string.Join(", ", _unknown.Order(StringComparer.Ordinal)), nodeId);
        else
            _logger.LogInformation("Every allocation names a device of this agent's nodes (last read: node {NodeId})", nodeId);
    }

    private static bool SameDevices(string[] known, IReadOnlyList<GpuReading> seen)
    {
        if (known.Length != seen.Count) return false;
        for (var i = 0; i < known.Length; i++)
            if (known[i] != seen[i].GpuUuid) return false;
        return true;
    }

    /// <summary>
    /// Counts the node's devices anew when they changed; with <paramref name="allocations"/>, keeps the
    /// unknown set up to date for the devices that came or went (without, the caller recounts it).
    /// </summary>
    private void NoteDevices(string nodeId, IReadOnlyList<GpuReading> seen, IReadOnlyDictionary<string, GpuAllocation>? allocations)
    {
        if (_devicesByNode.TryGetValue(nodeId, out var known) && SameDevices(known, seen)) return;
        string[] now = [.. seen.Select(gpu => gpu.GpuUuid)];
        _devicesByNode[nodeId] = now;
        foreach (var device in known ?? [])
        {
            if (--_nodesWith[device] > 0) continue;
            _nodesWith.Remove(device);
            if (allocations?.ContainsKey(device) == true && _unknown.Add(device)) _version++;
        }
        foreach (var device in now)
        {
            var nodes = _nodesWith.GetValueOrDefault(device);
            _nodesWith[device] = nodes + 1;
            if (nodes == 0 && _unknown.Remove(device)) _version++;
        }
    }
}
