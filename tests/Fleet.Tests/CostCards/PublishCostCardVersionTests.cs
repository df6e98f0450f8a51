using Fleet.CostCards;
using GpuBilling.Decisions;
using GpuBilling.HashChains;
using static Fleet.Tests.Given;

namespace Fleet.Tests.CostCards;

public class PublishCostCardVersionTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 10, 9, 30, 0, TimeSpan.Zero);
    private static readonly CostCardTerms ListPrices = Prices(new GpuPrice(H100, null, 2.10m));

    private static PublishCostCardVersion Publish(DateTimeOffset from, string currency = "USD") => new("dc-east", currency, from, ListPrices, Now, "finance@test");

    [Fact]
    public void Versions_are_chained_and_each_is_in_force_from_its_date_until_the_next()
    {
        var first = PublishCostCardVersionDecision.Decide(Publish(February), null);
        var card = CostCard.From([first])!;
        var second = PublishCostCardVersionDecision.Decide(Publish(February.AddDays(3)), card);
        card = CostCard.Evolve(card, second);

        Assert.Equal(("cost-card:dc-east", "USD", 2), (card.Id, card.Currency.Code, second.Version));
        Assert.Equal(HashChain.Seal(first.Hash, second with { Hash = "" }).Hash, second.Hash);
        Assert.Null(card.VersionAt(February.AddSeconds(-1)));
        Assert.Equal(1, card.VersionAt(February.AddDays(3).AddSeconds(-1))!.Number);
        Assert.Equal(2, card.VersionAt(February.AddDays(3))!.Number);
    }

    [Fact]
    public void A_version_keeps_the_cards_currency_and_starts_after_the_latest()
    {
        var card = CostCard.From([PublishCostCardVersionDecision.Decide(Publish(February), null)]);

        var refused = Assert.Throws<CommandRefused>(() => PublishCostCardVersionDecision.Decide(Publish(February, "EUR"), card));

        Assert.Equal(["Currency", "EffectiveFrom"], refused.Problems.Select(p => p.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Negative_prices_and_unknown_currencies_are_refused()
    {
        var refused = Assert.Throws<CommandRefused>(() => PublishCostCardVersionDecision.Decide(
            new PublishCostCardVersion("dc-east", "XXX", February, new CostCardTerms
            {
                Prices = [new GpuPrice(H100, null, -1m)],
                FixedCharges = [new FixedCharge("rack", -5m)],
                EnergyPricePerKWh = -0.1m,
            }, Now, "finance@test"), null));

        Assert.Equal(["Currency", "Terms.EnergyPricePerKWh", "Terms.FixedCharges[0].AmountPerMonth", "Terms.Prices[0].PricePerGpuHour"],
            refused.Problems.Select(p => p.Field).Order(StringComparer.Ordinal));
    }
}
