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
    private IReadOnlySet<string> _reported = new HashSet<string>();

    public UnknownDevices(IMeterFactory meters, ILogger<UnknownDevices> logger)
    {
        _logger = logger;
        meters.Create(MeterName).CreateObservableGauge(
            "node_agent.allocations.unknown_devices", () => _reported.Count, unit: "{device}",
            description: "Allocations naming a device this node does not have.");
    }

    public IReadOnlySet<string> Reported => _reported;

    public void Check(string nodeId, IReadOnlyList<GpuReading> seen, IReadOnlyDictionary<string, GpuAllocation> allocations)
    {
        if (allocations.Count == 0 && _reported.Count == 0) return;
        var unknown = allocations.Keys.Except(seen.Select(g => g.GpuUuid)).ToHashSet();
        if (unknown.SetEquals(_reported)) return;
        _reported = unknown;
        if (unknown.Count > 0)
            _logger.LogWarning("Node {NodeId} has no device {Devices} that allocations name; nobody is billed for them",
                nodeId, string.Join(", ", unknown.Order(StringComparer.Ordinal)));
        else
            _logger.LogInformation("Every allocation on node {NodeId} names a device the node has", nodeId);
    }
}
