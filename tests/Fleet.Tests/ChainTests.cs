using System.Text;
using Fleet.CostCards;
using Fleet.Inventory;
using GpuBilling.HashChains;
using Marten;
using static Fleet.Tests.Given;

namespace Fleet.Tests;

/// <summary>Node and cost card streams are hash-chained, and the hash survives the trip through the fleet's own Marten serializer.</summary>
public class ChainTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 20, 9, 30, 0, TimeSpan.Zero);

    private static T ThroughMarten<T>(T value)
    {
        var options = new StoreOptions();
        FleetStorage.Configure(options);
        var serializer = options.Serializer();
        using var stored = new MemoryStream(Encoding.UTF8.GetBytes(serializer.ToJson(value!)));
        return serializer.FromJson<T>(stored);
    }

    [Fact]
    public void A_node_version_read_back_through_the_fleets_marten_serializer_still_verifies()
    {
        var first = RegisterNodeVersionDecision.Decide(new RegisterNodeVersion("node-1", February, null, "fra-1", "dc-east",
            [new HeldGpus(H100, 4, MigComputeSlices: 7), new HeldGpus(A100, 2, "1g.10gb")], Now, "ops@test"), null);
        var second = RegisterNodeVersionDecision.Decide(new RegisterNodeVersion("node-1", March, March.AddDays(30), "fra-2", "dc-east",
            [new HeldGpus(H100, 4)], Now, "ops@test"), FleetNode.From([first]));

        Assert.True(HashChain.Verify([ThroughMarten(first), ThroughMarten(second)]).IsIntact);
    }

    [Fact]
    public void A_cost_card_version_read_back_through_the_fleets_marten_serializer_still_verifies()
    {
        var published = PublishCostCardVersionDecision.Decide(new PublishCostCardVersion("dc-east", "USD", February, new CostCardTerms
        {
            Prices = [new GpuPrice(H100, null, 2.10m), new GpuPrice(A100, "1g.10gb", 0.35m)],
            FixedCharges = [new FixedCharge("Reserved rack", 1200m)],
            EnergyPricePerKWh = 0.12m,
        }, Now, "finance@test"), null);

        Assert.True(HashChain.Verify([ThroughMarten(published)]).IsIntact);
    }
}
