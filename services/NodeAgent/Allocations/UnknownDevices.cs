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
    private readonly Lock _lock = new();
    // Per node: a simulated agent samples many nodes, and one set shared by all of them changed at
    // every node's check, logging every node's whole list every second.
    private readonly Dictionary<string, IReadOnlySet<string>> _reportedByNode = [];

    public UnknownDevices(IMeterFactory meters, ILogger<UnknownDevices> logger)
    {
        _logger = logger;
        meters.Create(MeterName).CreateObservableGauge(
            "node_agent.allocations.unknown_devices", () => Reported.Count, unit: "{device}",
            description: "Allocations naming a device this node does not have.");
    }

    public IReadOnlySet<string> Reported
    {
        get { lock (_lock) return _reportedByNode.Values.SelectMany(r => r).ToHashSet(); }
    }

    public void Check(string nodeId, IReadOnlyList<GpuReading> seen, IReadOnlyDictionary<string, GpuAllocation> allocations)
    {
        IReadOnlySet<string> reported;
        lock (_lock) reported = _reportedByNode.GetValueOrDefault(nodeId) ?? new HashSet<string>();
        if (allocations.Count == 0 && reported.Count == 0) return;
        var unknown = allocations.Keys.Except(seen.Select(g => g.GpuUuid)).ToHashSet();
        if (unknown.SetEquals(reported)) return;
        lock (_lock) _reportedByNode[nodeId] = unknown;
        if (unknown.Count > 0)
            _logger.LogWarning("Node {NodeId} has no device {Devices} that allocations name; nobody is billed for them",
                nodeId, string.Join(", ", unknown.Order(StringComparer.Ordinal)));
        else
            _logger.LogInformation("Every allocation on node {NodeId} names a device the node has", nodeId);
    }
}
