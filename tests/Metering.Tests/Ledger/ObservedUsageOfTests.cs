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
