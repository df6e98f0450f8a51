using System.Text;
using GpuBilling.HashChains;
using Marten;
using Pricing.Accrual;
using Pricing.RateCards;
using static Pricing.Tests.Given;

namespace Pricing.Tests;

/// <summary>
/// Accrual and rate card streams are hash-chained: each decision seals its event to the last hash
/// its state carries, and the hash survives the trip through pricing's own Marten serializer.
/// </summary>
public class ChainTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 20, 9, 30, 0, TimeSpan.Zero);

    private static AccrueUsage Accrue(string sourceId, DateTimeOffset from, int seconds, PriceKey key, decimal joules) =>
        new("acme", February, March, CardId, sourceId,
            [new AllocationUsage("job-1", "GPU-a", key, [new UsageRun(from, seconds)], joules)], from.AddHours(1), "pricing@test");

    private static T ThroughMarten<T>(T value)
    {
        var options = new StoreOptions();
        PricingStorage.Configure(options);
        var serializer = options.Serializer();
        using var stored = new MemoryStream(Encoding.UTF8.GetBytes(serializer.ToJson(value!)));
        return serializer.FromJson<T>(stored);
    }

    [Fact]
    public void Each_accrual_is_chained_to_the_one_before_and_the_period_keeps_the_last_hash()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 2.50m)));
        var first = AccrueUsageDecision.Decide(Accrue("ledger-1", February.AddDays(2), 60, H100, 10m), null, card);
        var period = PeriodUsage.From([first])!;
        var second = AccrueUsageDecision.Decide(Accrue("ledger-2", February.AddDays(3), 30, H100, 5m), period, card);

        Assert.Equal(HashChain.HashOf(HashChain.Genesis, first), first.Hash);
        Assert.Equal(HashChain.HashOf(first.Hash, second), second.Hash);
        Assert.Equal(first.Hash, period.LastHash);
        Assert.Equal(second.Hash, PeriodUsage.Evolve(period, second).LastHash);
        Assert.True(HashChain.Verify([first, second]).IsIntact);
    }

    [Fact]
    public void Each_rate_card_version_is_chained_to_the_one_before_and_the_card_keeps_the_last_hash()
    {
        var first = PublishRateCardVersionDecision.Decide(new PublishRateCardVersion(CardId, "USD", February, Terms(Rate.PerUnit(H100, 2.50m)), Now, "finance@test"), null);
        var card = RateCard.From([first])!;
        var second = PublishRateCardVersionDecision.Decide(new PublishRateCardVersion(CardId, "USD", March, Terms(Rate.PerUnit(H100, 2.75m)), Now, "finance@test"), card);

        Assert.Equal(HashChain.HashOf(HashChain.Genesis, first), first.Hash);
        Assert.Equal(HashChain.HashOf(first.Hash, second), second.Hash);
        Assert.Equal((first.Hash, second.Hash), (card.LastHash, RateCard.From([first, second])!.LastHash));
        Assert.True(HashChain.Verify([first, second]).IsIntact);
    }

    [Fact]
    public void An_accrual_read_back_through_pricings_marten_serializer_still_verifies()
    {
        var mig = PriceKey.Spot("A100", "3g.40gb");
        var card = Card("USD", Terms(Rate.PerUnit(mig, 1.10m), Rate.PerUnit(H100, 2.50m)))
            .WithVersion(February.AddDays(9), Terms(Rate.PerUnit(mig, 1.20m), Rate.PerUnit(H100, 2.60m)));
        // Straddles the second version, so the quantities split, energy shared to a long decimal.
        var accrued = AccrueUsageDecision.Decide(Accrue("ledger-9", February.AddDays(9).AddSeconds(-7), 30, mig, 1000.10m), null, card);
        var period = PeriodUsage.From([accrued])!;

        var stored = ThroughMarten(accrued);

        Assert.Equal(2, stored.Quantities.Count);
        Assert.Equal(accrued.Hash, stored.Hash);
        Assert.True(HashChain.Verify([stored]).IsIntact);
        Assert.Equal(accrued.Hash, ThroughMarten(period).LastHash);
    }

    [Fact]
    public void A_rate_card_version_read_back_through_pricings_marten_serializer_still_verifies()
    {
        var published = PublishRateCardVersionDecision.Decide(
            new PublishRateCardVersion(CardId, "BHD", February, SerializationTests.EveryTerm, Now, "finance@test"), null);

        var stored = ThroughMarten(published);

        Assert.Equal(published.Hash, stored.Hash);
        Assert.True(HashChain.Verify([stored]).IsIntact);
        Assert.Equal(published.Hash, ThroughMarten(RateCard.From([published])!).LastHash);
    }
}
