using Fleet.CostCards;
using Fleet.Efficiency;
using Fleet.Inventory;
using static Fleet.Tests.Given;

namespace Fleet.Tests.Efficiency;

/// <summary>
/// GPU-seconds classed per GPU per ledger window. Expected figures are the seconds and readings the
/// test gives, and the card's price over 3,600 times the wasted seconds.
/// </summary>
public class EfficiencyClassesTests
{
    private const decimal PerHour = 3.60m;
    private static readonly DateTimeOffset Hour = February;
    private static readonly FleetNode Node1 = Node("node-1", February, "dc-east", new HeldGpus(H100, 2), new HeldGpus(A100, 1, MigComputeSlices: 7));
    private static readonly CostCard DcEast = Card("dc-east", "USD", February, Prices(new GpuPrice(H100, null, PerHour), new GpuPrice(A100, null, 7m)));

    private static IReadOnlyList<GpuEfficiency> Measure(decimal idleBelow, params Fleet.Usage.NodeHourUsage[] usage) =>
        GpuEfficiencies.Measure(Hour, Hour.AddHours(1), [Node1], [DcEast], usage, _ => idleBelow);

    [Fact]
    public void Present_time_is_allocated_or_unallocated_and_a_held_GPU_below_the_level_is_idle_for_its_whole_window()
    {
        var usage = NodeHour(Sealed("node-1", Hour,
            Gpu("GPU-a", "tenant-a", "0-599").At(3m),
            Gpu("GPU-b", "tenant-a", "0-599").At(80m),
            Gpu("GPU-c", null, "0-299").At(1m)));

        var rows = Measure(5m, usage).ToDictionary(r => r.GpuUuid);

        Assert.Equal(new EfficiencyFigures(600, 600, 0, 600, 0, 3m * 600 / 100, 600), rows["GPU-a"].Figures);
        Assert.Equal(new EfficiencyFigures(600, 600, 0, 0, 0, 80m * 600 / 100, 600), rows["GPU-b"].Figures);
        Assert.Equal(new EfficiencyFigures(300, 0, 300, 0, 0, 1m * 300 / 100, 300), rows["GPU-c"].Figures);
        Assert.Equal([("USD", PerHour * 600 / 3600)], WastedTime.CostOf(rows["GPU-a"].Wasted));
        Assert.Equal([("USD", PerHour * 300 / 3600)], WastedTime.CostOf(rows["GPU-c"].Wasted));
        Assert.Empty(rows["GPU-b"].Wasted);
        Assert.Equal(("fra-1", "dc-east"), (rows["GPU-a"].Site, rows["GPU-a"].SupplierId));
    }

    [Fact]
    public void A_MIG_slice_without_a_utilization_reading_is_unknown_never_idle_and_its_unallocated_time_costs_its_share_of_the_GPU()
    {
        var usage = NodeHour(Sealed("node-1", Hour,
            Gpu("MIG-1", "tenant-a", "0-899", A100, "3g.40gb"),
            Gpu("MIG-2", null, "0-899", A100, "3g.40gb")));

        var rows = Measure(5m, usage).ToDictionary(r => r.GpuUuid);

        Assert.Equal(new EfficiencyFigures(900, 900, 0, 0, 900, 0m, 0), rows["MIG-1"].Figures);
        Assert.Empty(rows["MIG-1"].Wasted);
        Assert.Equal(new EfficiencyFigures(900, 0, 900, 0, 0, 0m, 0), rows["MIG-2"].Figures);
        Assert.Equal([("USD", 7m * 3 * 900 / (3600 * 7))], WastedTime.CostOf(rows["MIG-2"].Wasted));
    }

    [Fact]
    public void The_level_is_applied_when_read_so_a_changed_level_re_decides_history()
    {
        var usage = NodeHour(
            Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-599").At(8m)),
            Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "600-1199").At(12m)));

        Assert.Equal(0, Measure(5m, usage).Single().Figures.AllocatedIdle);
        Assert.Equal(600, Measure(10m, usage).Single().Figures.AllocatedIdle);
        Assert.Equal(1200, Measure(20m, usage).Single().Figures.AllocatedIdle);
        // Below, not at: a GPU averaging exactly the level does the work the level asks for.
        Assert.Equal(600, Measure(12m, usage).Single().Figures.AllocatedIdle);
    }

    [Fact]
    public void Idleness_is_the_average_over_the_seconds_that_had_a_reading()
    {
        // 20 readings of 9 % over 600 seconds held: averages 9 %, not 0.3 %.
        var sparse = Gpu("GPU-a", "tenant-a", "0-599") with { UtilizationPercentSeconds = 9m * 20, UtilizationSamples = 20 };

        var row = Measure(10m, NodeHour(Sealed("node-1", Hour, sparse))).Single();

        Assert.Equal(new EfficiencyFigures(600, 600, 0, 600, 0, 9m * 20 / 100, 20), row.Figures);
        Assert.Equal(0, Measure(9m, NodeHour(Sealed("node-1", Hour, sparse))).Single().Figures.AllocatedIdle);
    }

    [Fact]
    public void A_window_belongs_to_the_period_holding_its_first_second_and_an_unregistered_node_is_unpriced()
    {
        var usage = NodeHour(
            Sealed("node-1", Hour, Gpu("GPU-a", null, "0-599")),
            Sealed("node-1", Hour, Gpu("GPU-a", null, "1800-2399")));
        var stray = NodeHour(Sealed("stray", Hour, Gpu("GPU-z", null, "0-59")));

        var rows = GpuEfficiencies.Measure(Hour.AddSeconds(300), Hour.AddSeconds(2000), [Node1], [DcEast], [usage, stray], _ => 5m);

        var row = Assert.Single(rows);
        Assert.Equal(600, row.Figures.Unallocated);
        Assert.Equal(0, row.UnpricedWasted);
        var unregistered = Assert.Single(GpuEfficiencies.Measure(Hour, Hour.AddHours(1), [Node1], [DcEast], [stray], _ => 5m));
        Assert.Equal((60L, (string?)null), (unregistered.UnpricedWasted, unregistered.SupplierId));
    }

    [Fact]
    public void The_top_wasters_come_most_first_ties_in_key_order_and_GPUs_that_wasted_nothing_are_left_out()
    {
        var usage = NodeHour(Sealed("node-1", Hour,
            Gpu("GPU-a", "tenant-a", "0-599").At(1m),
            Gpu("GPU-b", null, "0-899"),
            Gpu("GPU-c", null, "0-599"),
            Gpu("GPU-d", "tenant-a", "0-899").At(90m)));
        var other = NodeHour(Sealed("node-2", Hour, Gpu("GPU-e", null, "0-999")));
        var rows = GpuEfficiencies.Measure(Hour, Hour.AddHours(1), [Node1], [DcEast], [usage, other], _ => 5m);

        Assert.Equal(["GPU-e", "GPU-b", "GPU-a", "GPU-c"], EfficiencyGroups.TopWasters(rows, "gpu", 10).Select(g => g.Key.GpuUuid));
        Assert.Equal(["GPU-e", "GPU-b"], EfficiencyGroups.TopWasters(rows, "gpu", 2).Select(g => g.Key.GpuUuid));
        Assert.Equal([("node-1", 600L + 900 + 600), ("node-2", 1000L)],
            EfficiencyGroups.TopWasters(rows, "node", 10).Select(g => (g.Key.NodeId!, g.Figures.Wasted)));
    }
}
