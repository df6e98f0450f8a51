using NodeAgent.Sampling;
using NodeAgent.Sampling.Simulated;

namespace NodeAgent.Tests.Simulated;

/// <summary>
/// Only the replay mode (<c>Realtime = false</c>): real-time pacing needs a fake clock, and the
/// test project does not reference one.
/// </summary>
public sealed class SimulatedFleetTests
{
    private const string H100 = "NVIDIA H100 80GB HBM3";
    private const string A100 = "NVIDIA A100-SXM4-80GB";
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    private static SimulationOptions Options(DateTimeOffset? startAt = null) => new()
    {
        Nodes = 2,
        GpusPerNode = 4,
        StartAt = startAt ?? Start,
        DurationSeconds = 3,
        Realtime = false,
    };

    private static async Task<List<NodeReading>> ReadAll(SimulationOptions options)
    {
        var readings = new List<NodeReading>();
        await foreach (var reading in new SimulatedFleet(options, TimeProvider.System).ReadAsync(CancellationToken.None))
            readings.Add(reading);
        return readings;
    }

    [Fact]
    public async Task A_finite_replay_yields_every_node_for_a_second_before_the_next_second()
    {
        var readings = await ReadAll(Options());

        Assert.Equal(
            [
                ("sim-node-0000", Start), ("sim-node-0001", Start),
                ("sim-node-0000", Start.AddSeconds(1)), ("sim-node-0001", Start.AddSeconds(1)),
                ("sim-node-0000", Start.AddSeconds(2)), ("sim-node-0001", Start.AddSeconds(2)),
            ],
            readings.Select(r => (r.NodeId, r.Second)));
    }

    [Fact]
    public async Task Each_node_has_its_gpus_named_after_it_and_the_models_alternate_between_nodes()
    {
        var readings = await ReadAll(Options());

        var first = readings[0];
        Assert.Equal(["GPU-sim-node-0000-00", "GPU-sim-node-0000-01", "GPU-sim-node-0000-02", "GPU-sim-node-0000-03"],
            first.Gpus.Select(g => g.GpuUuid));
        Assert.Equal(["GPU-sim-node-0001-00", "GPU-sim-node-0001-01", "GPU-sim-node-0001-02", "GPU-sim-node-0001-03"],
            readings[1].Gpus.Select(g => g.GpuUuid));
        Assert.All(readings.Where(r => r.NodeId == "sim-node-0000").SelectMany(r => r.Gpus), g => Assert.Equal(H100, g.Model));
        Assert.All(readings.Where(r => r.NodeId == "sim-node-0001").SelectMany(r => r.Gpus), g => Assert.Equal(A100, g.Model));
        Assert.All(readings.SelectMany(r => r.Gpus), g => Assert.Null(g.MigProfile));
    }

    [Fact]
    public async Task Two_runs_read_exactly_the_same()
    {
        var first = await ReadAll(Options());
        var second = await ReadAll(Options());

        // Gpus is an array, so NodeReading's record equality would compare references: compare the readings.
        Assert.Equal(first.Select(r => (r.NodeId, r.Second)), second.Select(r => (r.NodeId, r.Second)));
        Assert.All(first.Zip(second), pair => Assert.Equal(pair.First.Gpus, pair.Second.Gpus));
    }

    [Fact]
    public async Task A_gpu_reads_what_its_node_gpu_and_second_determine()
    {
        var readings = await ReadAll(Options());

        // Node 1, GPU 2, second 1: utilization (1*7 + 2*13 + 1714557601) % 101 = 16.
        var gpu = readings[3].Gpus[2];
        Assert.Equal(
            new GpuReading("GPU-sim-node-0001-02", A100, MigProfile: null,
                UtilizationPercent: 16m, MemoryUsedMiB: 13248, PowerWatts: 164.0m,
                EnergyMillijoules: 685_823_040_400_002),
            gpu);
    }

    [Fact]
    public async Task A_gpu_named_idle_reads_zero_utilization_and_every_other_gpu_reads_as_without_the_setting()
    {
        var plain = await ReadAll(Options());
        var options = Options();
        options.IdleGpus = ["GPU-sim-node-0001-02"];
        var withIdle = await ReadAll(options);

        var idle = withIdle.SelectMany(r => r.Gpus).Where(g => g.GpuUuid == "GPU-sim-node-0001-02").ToList();
        Assert.Equal(3, idle.Count);
        Assert.All(idle, g => Assert.Equal((0m, 2048L, 60m), (g.UtilizationPercent!.Value, g.MemoryUsedMiB!.Value, g.PowerWatts!.Value)));
        Assert.Equal(
            plain.SelectMany(r => r.Gpus).Where(g => g.GpuUuid != "GPU-sim-node-0001-02"),
            withIdle.SelectMany(r => r.Gpus).Where(g => g.GpuUuid != "GPU-sim-node-0001-02"));
    }

    [Fact]
    public async Task Readings_cover_whole_UTC_seconds_whatever_the_start()
    {
        var readings = await ReadAll(Options(startAt: new DateTimeOffset(2024, 5, 1, 12, 0, 0, 750, TimeSpan.FromHours(2))));

        Assert.Equal([Start, Start.AddSeconds(1), Start.AddSeconds(2)], readings.Select(r => r.Second).Distinct());
        Assert.All(readings, r => Assert.Equal(TimeSpan.Zero, r.Second.Offset));
    }
}
