using System.Text;
using GpuBilling.HashChains;
using Marten;
using Metering.Contracts;
using Metering.Ledger;
using static Metering.Tests.Ledger.Samples;

namespace Metering.Tests.Ledger;

/// <summary>
/// Each node-hour stream is hash-chained: the sealer seals each event to the last hash the
/// node-hour's snapshot carries, and the hash survives the trip through metering's Marten serializer.
/// </summary>
public class LedgerChainTests
{
    private static RecordNodeSeconds Command(params NodeSecond[] seconds) => new("node-1", Hour, seconds, Hour.AddHours(1), "sealer@test");

    private static T ThroughMarten<T>(T value)
    {
        var options = new StoreOptions();
        MeteringStorage.Configure(options);
        var serializer = options.Serializer();
        using var stored = new MemoryStream(Encoding.UTF8.GetBytes(serializer.ToJson(value!)));
        return serializer.FromJson<T>(stored);
    }

    [Fact]
    public void Each_sealed_event_is_chained_to_the_one_before_and_the_node_hour_keeps_the_last_hash()
    {
        var first = RecordNodeSecondsDecision.DecideSealed(Command(Second(0, 10, Gpu("GPU-a"))), null)!;
        var ledger = NodeHourLedger.Evolve(null, first);
        var second = RecordNodeSecondsDecision.DecideSealed(Command(Second(0, 10, Gpu("GPU-a")), Second(1, 11, Gpu("GPU-a"))), ledger)!;

        Assert.Equal(HashChain.HashOf(HashChain.Genesis, first), first.Hash);
        Assert.Equal(HashChain.HashOf(first.Hash, second), second.Hash);
        Assert.Equal("1", second.Seconds.ToString());
        Assert.Equal((first.Hash, second.Hash), (ledger.LastHash, NodeHourLedger.Evolve(ledger, second).LastHash));
        Assert.True(HashChain.Verify([first, second]).IsIntact);
    }

    [Fact]
    public void Nothing_new_seals_nothing_and_the_intakes_decision_is_not_hashed()
    {
        var command = Command(Second(0, 10, Gpu("GPU-a")));
        var first = RecordNodeSecondsDecision.DecideSealed(command, null)!;

        Assert.Null(RecordNodeSecondsDecision.DecideSealed(command, NodeHourLedger.Evolve(null, first)));
        Assert.Equal("", RecordNodeSecondsDecision.Decide(command, null)!.Hash);
    }

    [Fact]
    public void A_ledger_event_read_back_through_meterings_marten_serializer_still_verifies()
    {
        var slice = Gpu("MIG-b", utilization: 33.33m, power: 151.05m) with
        {
            MigProfile = "3g.40gb",
            Allocation = new GpuAllocation("acme", "train-2") { AllocationClass = AllocationClasses.Spot },
        };
        var recorded = RecordNodeSecondsDecision.DecideSealed(Command(
            Second(0, 10, Gpu("GPU-a"), Gpu("GPU-c", tenant: null) with { EnergyMillijoules = null }, slice),
            Second(5, 15, Gpu("GPU-a", utilization: 12.5m), slice)), null)!;
        var ledger = NodeHourLedger.Evolve(null, recorded);

        var stored = ThroughMarten(recorded);

        Assert.Equal(("0,5", 3), (stored.Seconds.ToString(), stored.Gpus.Count));
        Assert.Equal(recorded.Hash, stored.Hash);
        Assert.True(HashChain.Verify([stored]).IsIntact);
        Assert.Equal(recorded.Hash, ThroughMarten(ledger).LastHash);
    }
}
