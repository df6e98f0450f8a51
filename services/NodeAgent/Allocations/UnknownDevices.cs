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
    private HashSet<string> _devices = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, GpuAllocation>? _checked;
    private IReadOnlySet<string> _reported = new HashSet<string>();
    private readonly TimeProvider _clock;
    private IReadOnlySet<string> _logged = new HashSet<string>();
    private DateTimeOffset _loggedAt;

    public UnknownDevices(IMeterFactory meters, ILogger<UnknownDevices> logger, TimeProvider? clock = null)
    {
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        _loggedAt = _clock.GetUtcNow();
        meters.Create(MeterName).CreateObservableGauge(
            "node_agent.allocations.unknown_devices", () => _reported.Count, unit: "{device}",
            description: "Allocations naming a device this node does not have.");
    }

    public IReadOnlySet<string> Reported => _reported;

    /// <summary>
    /// Called for every node-second, so it only works when something changed: the node's devices
    /// or the allocations. An agent simulating a fleet reads many nodes under one set of
    /// allocations; a device is unknown when no node of the agent has it.
    /// </summary>
    public void Check(string nodeId, IReadOnlyList<GpuReading> seen, IReadOnlyDictionary<string, GpuAllocation> allocations)
    {
        var devicesChanged = NoteDevices(nodeId, seen);
        if (devicesChanged || !ReferenceEquals(allocations, _checked))
        {
            _checked = allocations;
            var unknown = allocations.Keys.Where(device => !_devices.Contains(device)).ToHashSet();
            if (!unknown.SetEquals(_reported)) _reported = unknown;
        }
        LogIfChanged(nodeId);
    }

    /// <summary>
    /// At most once a second, and not in the agent's first second: a simulated fleet's nodes are
    /// first read one after another, and each would otherwise log every other node's devices.
    /// </summary>
    private void LogIfChanged(string nodeId)
    {
        if (ReferenceEquals(_logged, _reported)) return;
        var now = _clock.GetUtcNow();
        if (now - _loggedAt < TimeSpan.FromSeconds(1)) return;
        var unknown = _reported;
        if (unknown.SetEquals(_logged))
        {
            _logged = unknown;
            return;
        }
        (_logged, _loggedAt) = (unknown, now);
        if (unknown.Count > 0)
            _logger.LogWarning("No node of this agent has the devices {Devices} that allocations name (last read: node {NodeId}); nobody is billed for them",
                string.Join(", ", unknown.Order(StringComparer.Ordinal)), nodeId);
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

    private bool NoteDevices(string nodeId, IReadOnlyList<GpuReading> seen)
    {
        if (_devicesByNode.TryGetValue(nodeId, out var known) && SameDevices(known, seen)) return false;
        _devicesByNode[nodeId] = [.. seen.Select(gpu => gpu.GpuUuid)];
        _devices = _devicesByNode.Values.SelectMany(devices => devices).ToHashSet(StringComparer.Ordinal);
        return true;
    }
}
