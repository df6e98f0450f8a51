using Metering.Contracts;
using Metering.Ledger;
using static Metering.Tests.Ledger.Samples;

namespace Metering.Tests.Ledger;

public class ObservedUsageOfTests
{
    private static readonly DateTimeOffset Now = Hour.AddHours(1);
    private static readonly Guid Id = Guid.Parse("0190a000-0000-7000-8000-000000000001");

    private static GpuSample Held(string uuid, string tenant, string allocationClass = AllocationClasses.OnDemand) =>
        Gpu(uuid, tenant) with { Allocation = new GpuAllocation(tenant, "train-1") { AllocationClass = allocationClass } };

    private static NodeUsageRecorded Recorded(string nodeId, params NodeSecond[] seconds) =>
        RecordNodeSecondsDecision.Decide(new RecordNodeSeconds(nodeId, Hour, seconds, Now, "test"), null)!;

    [Fact]
    public void A_batch_is_observed_per_tenant_node_window_and_price_key_with_the_gpus_held_at_its_latest_second()
    {
        // node-1: seconds 297..302 of the hour cross the 5-minute window at 300; acme holds two
        // on-demand GPUs and one spot GPU until 300, then only one on-demand GPU; GPU-d is nobody's.
        var node1 = Enumerable.Range(297, 6).Select(s => Second(s, s,
            s < 300
                ? [Held("GPU-a", "acme"), Held("GPU-b", "acme"), Held("GPU-c", "acme", AllocationClasses.Spot), Gpu("GPU-d", null)]
                : [Held("GPU-a", "acme"), Gpu("GPU-d", null)])).ToArray();
        // node-2: globex holds one GPU for seconds 10..14.
        var node2 = Enumerable.Range(10, 5).Select(s => Second(s, s, Held("GPU-x", "globex"))).ToArray();

        var observed = ObservedUsageOf.Batch([Recorded("node-1", node1), Recorded("node-2", node2)], Now, Id)!;

        Assert.Equal((Id, Now), (observed.ObservationId, observed.ObservedAt));
        var h100 = Gpu("any").Model;
        var (window0, window300) = (Hour, Hour.AddMinutes(5));
        Assert.Equal(
            [
                // 297..299: GPU-a and GPU-b on demand (6 GPU-seconds), GPU-c spot (3).
                ("acme", "node-1", window0, h100, "on-demand", 6L, Hour.AddSeconds(299), 2),
                ("acme", "node-1", window0, h100, "spot", 3L, Hour.AddSeconds(299), 1),
                // 300..302: GPU-a alone.
                ("acme", "node-1", window300, h100, "on-demand", 3L, Hour.AddSeconds(302), 1),
                ("globex", "node-2", window0, h100, "on-demand", 5L, Hour.AddSeconds(14), 1),
            ],
            observed.Usage.Select(u => (u.TenantId, u.NodeId, u.WindowStart, u.Model, u.AllocationClass, u.GpuSeconds, u.LastSecond, u.GpusAtLastSecond)));
        Assert.All(observed.Usage, u => Assert.Null(u.MigProfile));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Counted_run_by_run_it_is_what_counting_every_second_gives(int seed)
    {
        // Runs of every length, at window edges and across them, of GPUs held, shared by two
        // workloads of one tenant, and nobody's, on node-hours of two nodes.
        var random = new Random(seed);
        string[] tenants = ["acme", "globex"];
        string[] classes = [AllocationClasses.OnDemand, AllocationClasses.Spot];
        var sums = new DimensionSums(0m, 0, 0, 0, 0m, 0, null, null);
        var events = Enumerable.Range(0, 6).Select(i => new NodeUsageRecorded($"node-{i % 2}", Hour.AddHours(i / 2), SecondSet.Of([0]), "1",
            [
                .. Enumerable.Range(0, 12).Select(g =>
                {
                    var runs = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
                    {
                        var first = random.Next(3) == 0 ? random.Next(1, 12) * 300 - random.Next(0, 3) : random.Next(0, 3600);
                        return Enumerable.Range(first, Math.Min(random.Next(1, 700), 3600 - first));
                    });
                    var tenant = g % 5 == 4 ? null : tenants[random.Next(2)];
                    return new GpuUsage($"GPU-{g % 8}", g % 3 == 0 ? "A100" : "H100", g % 4 == 0 ? "1g.10gb" : null, tenant, $"w-{g}",
                        SecondSet.Of(runs.SelectMany(r => r).Distinct()), sums, tenant is null ? null : g % 6 == 0 ? null : classes[random.Next(2)]);
                }),
            ], Now, "test")).ToList();

        var observed = ObservedUsageOf.Batch(events, Now, Id)!;

        var expected = events
            .SelectMany(e => e.Gpus.Where(g => g.TenantId is not null).SelectMany(g => g.Seconds.Seconds().Select(s => (TenantId: g.TenantId!, e.NodeId,
                Window: Hour.AddSeconds((e.Hour - Hour).TotalSeconds + s - (s % 300)), g.Model, g.MigProfile, Class: g.AllocationClass ?? AllocationClasses.OnDemand,
                Second: e.Hour.AddSeconds(s)))))
            .GroupBy(s => (s.TenantId, s.NodeId, s.Window, s.Model, s.MigProfile, s.Class))
            .Select(w => (w.Key, Seconds: (long)w.Count(), Last: w.Max(s => s.Second), AtLast: w.Count(s => s.Second == w.Max(x => x.Second))))
            .OrderBy(w => w.Key.TenantId, StringComparer.Ordinal).ThenBy(w => w.Key.NodeId, StringComparer.Ordinal).ThenBy(w => w.Key.Window)
            .ThenBy(w => w.Key.Model, StringComparer.Ordinal).ThenBy(w => w.Key.MigProfile, StringComparer.Ordinal).ThenBy(w => w.Key.Class, StringComparer.Ordinal)
            .ToList();
        Assert.True(expected.Count > 50);
        Assert.Equal(expected, observed.Usage.Select(u =>
            ((u.TenantId, u.NodeId, u.WindowStart, u.Model, u.MigProfile, u.AllocationClass), u.GpuSeconds, u.LastSecond, u.GpusAtLastSecond)));
    }

    [Fact]
    public void A_batch_of_unallocated_gpus_only_observes_nothing()
    {
        Assert.Null(ObservedUsageOf.Batch([Recorded("node-1", Second(0, 0, Gpu("GPU-d", null)))], Now, Id));
    }

    [Fact]
    public void Windows_are_five_utc_minutes()
    {
        Assert.Equal(Hour.AddMinutes(55), UsageObserved.WindowOf(Hour.AddMinutes(59).AddSeconds(59)));
        Assert.Equal(Hour.AddHours(1), UsageObserved.WindowOf(Hour.AddHours(1)));
    }
}
