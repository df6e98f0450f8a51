namespace NodeAgent.Sampling.Simulated;

public sealed class SimulationOptions
{
    public int Nodes { get; set; } = 3;
    public int GpusPerNode { get; set; } = 8;
    public string NodePrefix { get; set; } = "sim-node";
    public string[] Models { get; set; } = ["NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB"];

    /// <summary>The first second simulated; the current second when not set.</summary>
    public DateTimeOffset? StartAt { get; set; }

    /// <summary>How many seconds to simulate; forever when not set.</summary>
    public int? DurationSeconds { get; set; }

    /// <summary>
    /// In real time a second is sampled when it has passed; otherwise the seconds are produced as
    /// fast as they can be spooled, which lets a test or a benchmark replay a day in minutes.
    /// </summary>
    public bool Realtime { get; set; } = true;

    /// <summary>
    /// GPUs (by UUID) that read 0 % utilization every second, as a GPU a tenant holds and leaves
    /// idle; every other GPU follows the formula, which cycles through 0-100 %. None by default, so
    /// a fleet without the setting reads as it always did.
    /// </summary>
    public string[] IdleGpus { get; set; } = [];
}

/// <summary>
/// A deterministic fleet: node n's GPU g reads the same at second t in every run, so a test can
/// compute what the ledger must hold from the options alone.
/// </summary>
public sealed class SimulatedFleet(SimulationOptions options, TimeProvider clock) : IGpuSource
{
    // Names are formatted once per node, not per node-second: they were a third of what the source allocated.
    private readonly (string NodeId, string[] Uuids, bool[] Idle)?[] _nodes = new (string, string[], bool[])?[Math.Max(options.Nodes, 0)];

    public static string NodeId(SimulationOptions options, int node) => $"{options.NodePrefix}-{node:D4}";

    public static string GpuUuid(string nodeId, int gpu) => $"GPU-{nodeId}-{gpu:D2}";

    public async IAsyncEnumerable<NodeReading> ReadAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = WholeSecond(options.StartAt ?? clock.GetUtcNow());
        for (var offset = 0L; options.DurationSeconds is not { } duration || offset < duration; offset++)
        {
            var second = first.AddSeconds(offset);
            if (options.Realtime) await WaitUntilPassedAsync(second, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            for (var node = 0; node < options.Nodes; node++) yield return Reading(node, second);
        }
    }

    public NodeReading Reading(int node, DateTimeOffset second)
    {
        var (nodeId, uuids, idle) = Names(node);
        var model = options.Models[node % options.Models.Length];
        var t = second.ToUnixTimeSeconds();
        var gpus = new GpuReading[uuids.Length];
        for (var gpu = 0; gpu < gpus.Length; gpu++)
        {
            var uuid = uuids[gpu];
            var utilization = idle[gpu] ? 0 : (node * 7 + gpu * 13 + t) % 101;
            var power = 60m + utilization * 6.5m;
            gpus[gpu] = new GpuReading(
                uuid, model, MigProfile: null,
                UtilizationPercent: utilization,
                MemoryUsedMiB: 2048 + utilization * 700,
                PowerWatts: power,
                // A counter that only grows, as the driver's does: the same at second t in every run.
                EnergyMillijoules: t * 400_000 + gpu);
        }
        return new NodeReading(nodeId, second, gpus);
    }

    private (string NodeId, string[] Uuids, bool[] Idle) Names(int node)
    {
        if (node < _nodes.Length && _nodes[node] is { } known) return known;
        var nodeId = NodeId(options, node);
        var uuids = new string[options.GpusPerNode];
        for (var gpu = 0; gpu < uuids.Length; gpu++) uuids[gpu] = GpuUuid(nodeId, gpu);
        var names = (nodeId, uuids, uuids.Select(uuid => options.IdleGpus.Contains(uuid, StringComparer.Ordinal)).ToArray());
        if (node < _nodes.Length) _nodes[node] = names;
        return names;
    }

    private async Task WaitUntilPassedAsync(DateTimeOffset second, CancellationToken cancellationToken)
    {
        var wait = second.AddSeconds(1) - clock.GetUtcNow();
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken);
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset instant) =>
        DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());
}
