using Metering.Contracts;
using Metering.Ledger;
using static Metering.Tests.Ledger.Samples;

namespace Metering.Tests.Ledger;

public class RecordNodeSecondsDecisionTests
{
    private static readonly DateTimeOffset Now = Hour.AddHours(1);

    private static RecordNodeSeconds Command(params NodeSecond[] seconds) =>
        new("node-1", Hour, seconds, Now, "test");

    private static NodeHourLedger Given(params NodeUsageRecorded[] history) =>
        history.Aggregate((NodeHourLedger?)null, NodeHourLedger.Evolve)!;

    [Fact]
    public void New_seconds_become_one_event_with_each_gpu_second_counted_once()
    {
        var recorded = RecordNodeSecondsDecision.Decide(
            Command(Second(0, 10, Gpu("GPU-a"), Gpu("GPU-b")), Second(1, 11, Gpu("GPU-a"), Gpu("GPU-b"))), null)!;

        Assert.Equal("0-1", recorded.Seconds.ToString());
        Assert.Equal("10-11", recorded.Sequences);
        Assert.Equal(["GPU-a", "GPU-b"], recorded.Gpus.Select(g => g.GpuUuid));
        Assert.All(recorded.Gpus, g => Assert.Equal(2, g.GpuSeconds));
        Assert.Equal(Now, recorded.RecordedAt);
    }

    [Fact]
    public void A_redelivered_report_adds_nothing()
    {
        var report = Command(Second(0, 10, Gpu("GPU-a")), Second(1, 11, Gpu("GPU-a")));
        var first = RecordNodeSecondsDecision.Decide(report, null)!;

        Assert.Null(RecordNodeSecondsDecision.Decide(report, Given(first)));
    }

    [Fact]
    public void A_report_overlapping_the_ledger_records_only_the_unseen_seconds()
    {
        var first = RecordNodeSecondsDecision.Decide(Command(Second(5, 15, Gpu("GPU-a")), Second(6, 16, Gpu("GPU-a"))), null)!;

        var second = RecordNodeSecondsDecision.Decide(
            Command(Second(6, 16, Gpu("GPU-a")), Second(7, 17, Gpu("GPU-a"))), Given(first))!;

        Assert.Equal("7", second.Seconds.ToString());
        Assert.Equal("17", second.Sequences);
        Assert.Equal(1, Assert.Single(second.Gpus).GpuSeconds);
    }

    [Fact]
    public void Seconds_arriving_out_of_order_fill_the_gaps_they_left()
    {
        var late = RecordNodeSecondsDecision.Decide(Command(Second(9, 19, Gpu("GPU-a")), Second(3, 13, Gpu("GPU-a"))), null)!;
        var earlier = RecordNodeSecondsDecision.Decide(
            Command(Second(2, 12, Gpu("GPU-a")), Second(3, 13, Gpu("GPU-a")), Second(4, 14, Gpu("GPU-a"))), Given(late))!;

        Assert.Equal("3,9", late.Seconds.ToString());
        Assert.Equal("2,4", earlier.Seconds.ToString());
        Assert.Equal("2-4,9", Given(late, earlier).Seen.ToString());
    }

    [Fact]
    public void The_same_second_twice_in_one_report_counts_once()
    {
        var recorded = RecordNodeSecondsDecision.Decide(
            Command(Second(0, 10, Gpu("GPU-a", utilization: 10)), Second(0, 10, Gpu("GPU-a", utilization: 90))), null)!;

        var gpu = Assert.Single(recorded.Gpus);
        Assert.Equal(1, gpu.GpuSeconds);
        Assert.Equal(10m, gpu.Sums.UtilizationPercentSeconds);
    }

    [Fact]
    public void A_gpu_that_changes_hands_is_split_by_allocation_and_an_unallocated_one_is_kept_without_tenant()
    {
        var recorded = RecordNodeSecondsDecision.Decide(
            Command(
                Second(0, 1, Gpu("GPU-a", tenant: "acme"), Gpu("GPU-b", tenant: null)),
                Second(1, 2, Gpu("GPU-a", tenant: "globex"), Gpu("GPU-b", tenant: null)),
                Second(2, 3, Gpu("GPU-a", tenant: "globex"))),
            null)!;

        Assert.Equal(
            [("GPU-a", "acme", "0"), ("GPU-a", "globex", "1-2"), ("GPU-b", (string?)null, "0-1")],
            recorded.Gpus.Select(g => (g.GpuUuid, g.TenantId, g.Seconds.ToString())));
    }

    [Fact]
    public void Dimensions_are_summed_over_the_seconds_that_had_them_and_missing_readings_are_not_zeros()
    {
        var noUtilization = Gpu("GPU-a", utilization: 0) with { UtilizationPercent = null, EnergyMillijoules = 9_000 };
        var recorded = RecordNodeSecondsDecision.Decide(
            Command(Second(1, 11, noUtilization), Second(0, 10, Gpu("GPU-a", utilization: 40, power: 250.5m))), null)!;

        var sums = Assert.Single(recorded.Gpus).Sums;
        Assert.Equal(new DimensionSums(40m, 1, 2000, 2, 550.5m, 2, 5_000, 9_000), sums);
    }

    [Fact]
    public void A_gpu_resliced_mid_hour_is_a_group_per_profile_in_the_order_the_profiles_appeared_with_the_energy_of_each()
    {
        var wide = Gpu("GPU-a") with { MigProfile = "3g.40gb" };
        var narrow = Gpu("GPU-a") with { MigProfile = "1g.10gb", EnergyMillijoules = null };
        var recorded = RecordNodeSecondsDecision.Decide(Command(
            Second(3, 13, narrow with { EnergyMillijoules = 7_000 }), Second(0, 10, wide), Second(1, 11, wide with { EnergyMillijoules = 6_000 }),
            Second(2, 12, narrow), Second(4, 14, narrow)), null)!;

        Assert.Equal(
            [("3g.40gb", "0-1", 5_000L, 6_000L), ("1g.10gb", "2-4", 7_000L, 7_000L)],
            recorded.Gpus.Select(g => (g.MigProfile, g.Seconds.ToString(), g.Sums.FirstEnergyMillijoules!.Value, g.Sums.LastEnergyMillijoules!.Value)));
        Assert.Equal([(2, 2), (3, 3)], recorded.Gpus.Select(g => (g.Sums.MemorySamples, g.Sums.PowerSamples)));
    }
}
