using GpuBilling.Decisions;
using Pricing.RateCards;
using static Pricing.Tests.Given;

namespace Pricing.Tests.RateCards;

public class PublishRateCardVersionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 20, 9, 30, 0, TimeSpan.Zero);
    private static readonly RateCardTerms ListPrices = Terms(Rate.PerUnit(H100, 2.50m));

    private static PublishRateCardVersion Publish(DateTimeOffset effectiveFrom, string currency = "USD", RateCardTerms? terms = null) =>
        new(CardId, currency, effectiveFrom, terms ?? ListPrices, Now, "finance@test");

    private static RateCard GivenCard(params RateCardVersionPublished[] history) => RateCard.From(history)!;

    private static CommandRefused Refused(PublishRateCardVersion command, RateCard? card = null) =>
        Assert.Throws<CommandRefused>(() => PublishRateCardVersionDecision.Decide(command, card));

    [Fact]
    public void The_first_version_creates_the_card_in_its_currency()
    {
        var published = PublishRateCardVersionDecision.Decide(Publish(February), null);

        Assert.Equal((CardId, 1, "USD", February, Now, "finance@test"),
            (published.RateCardId, published.Version, published.Currency, published.EffectiveFrom, published.PublishedAt, published.PublishedBy));
        Assert.Same(ListPrices, published.Terms);
        var card = GivenCard(published);
        Assert.Equal("USD", card.Currency.Code);
        Assert.Equal(2, card.Currency.MinorUnits);
    }

    [Fact]
    public void A_later_version_is_numbered_after_the_latest()
    {
        var first = PublishRateCardVersionDecision.Decide(Publish(February), null);

        var second = PublishRateCardVersionDecision.Decide(Publish(March), GivenCard(first));

        Assert.Equal(2, second.Version);
        Assert.Equal([1, 2], GivenCard(first, second).Versions.Select(v => v.Number));
    }

    [Fact]
    public void A_version_may_take_effect_the_moment_it_is_published()
    {
        Assert.Equal(Now, PublishRateCardVersionDecision.Decide(Publish(Now), null).EffectiveFrom);
    }

    [Fact]
    public void A_version_effective_before_it_is_published_is_refused_as_retroactive()
    {
        var refusal = Assert.Single(Refused(Publish(Now.AddSeconds(-1))).Problems);

        Assert.Equal("EffectiveFrom", refusal.Field);
        Assert.Equal("A version cannot take effect before it is published (2026-01-20T09:30:00Z): usage already rated would change price.", refusal.Problem);
    }

    [Fact]
    public void A_version_not_after_the_latest_one_is_refused()
    {
        var card = GivenCard(PublishRateCardVersionDecision.Decide(Publish(March), null));

        var refusal = Assert.Single(Refused(Publish(February), card).Problems);

        Assert.Equal("EffectiveFrom", refusal.Field);
        Assert.Equal("Must be after version 1, in force from 2026-03-01T00:00:00Z.", refusal.Problem);
        Assert.Equal("EffectiveFrom", Assert.Single(Refused(Publish(March), card).Problems).Field);
    }

    [Fact]
    public void A_version_in_another_currency_is_refused()
    {
        var card = GivenCard(PublishRateCardVersionDecision.Decide(Publish(February), null));

        var refusal = Assert.Single(Refused(Publish(March, currency: "EUR"), card).Problems);

        Assert.Equal(new FieldProblem("Currency", "Rate card 'gpu-list' is priced in USD; a version cannot change its currency."), refusal);
    }

    [Fact]
    public void A_currency_outside_iso_4217_is_refused_naming_the_field()
    {
        var refusal = Assert.Single(Refused(Publish(February, currency: "usd")).Problems);

        Assert.Equal("Currency", refusal.Field);
        Assert.StartsWith("'Currency' must be a supported ISO 4217 code (AUD, BHD, ", refusal.Problem);
        Assert.EndsWith("), not 'usd'.", refusal.Problem);
    }

    [Fact]
    public void An_effective_date_that_is_not_a_utc_whole_second_is_refused()
    {
        var refusals = Refused(Publish(new DateTimeOffset(2026, 2, 1, 5, 30, 0, 500, TimeSpan.FromHours(5.5)))).Problems;

        Assert.Equal(
            [
                new FieldProblem("EffectiveFrom", "'EffectiveFrom' must be a UTC instant (offset +00:00)."),
                new FieldProblem("EffectiveFrom", "'EffectiveFrom' must be a whole second: usage is metered by the second."),
            ],
            refusals);
    }

    [Fact]
    public void Tiers_that_do_not_cover_every_gpu_hour_in_ascending_bands_are_refused()
    {
        var terms = Terms(
            Rate.Graduated(H100, new Tier(500m, 3m), new Tier(100m, 2m), new Tier(1000m, 1m)),
            Rate.Volume(A100, new Tier(null, 3m), new Tier(100m, 2m, FlatFee: -1m)));

        var refusals = Refused(Publish(February, terms: terms)).Problems;

        Assert.Equal(
            [
                new FieldProblem("Terms.Rates[0].Tiers", "The last of 'Tiers' must have no 'UpToGpuHours', so every GPU-hour falls in a tier."),
                new FieldProblem("Terms.Rates[1].Tiers", "The last of 'Tiers' must have no 'UpToGpuHours', so every GPU-hour falls in a tier."),
                new FieldProblem("Terms.Rates[1].Tiers[1].FlatFee", "'Flat Fee' must be greater than or equal to '0'."),
            ],
            refusals);
    }

    [Fact]
    public void Tiers_out_of_order_are_refused()
    {
        var terms = Terms(Rate.Graduated(H100, new Tier(500m, 3m), new Tier(100m, 2m), new Tier(null, 1m)));

        var refusal = Assert.Single(Refused(Publish(February, terms: terms)).Problems);

        Assert.Equal(new FieldProblem("Terms.Rates[0].Tiers", "'Tiers' must go up: each 'UpToGpuHours' above the previous one."), refusal);
    }

    [Fact]
    public void A_price_key_twice_or_an_unknown_allocation_class_is_refused()
    {
        var terms = Terms(Rate.PerUnit(H100, 2m), Rate.PerUnit(H100, 3m), Rate.PerUnit(new PriceKey("H100", null, "reserved"), 1m));

        var refusals = Refused(Publish(February, terms: terms)).Problems;

        Assert.Equal(
            [
                new FieldProblem("Terms.Rates", "'Rates' names a price key more than once."),
                new FieldProblem("Terms.Rates[2].Key.AllocationClass", "'AllocationClass' must be 'on-demand' or 'spot', not 'reserved'."),
            ],
            refusals);
    }

    [Fact]
    public void A_minimum_duration_that_is_not_whole_minutes_under_a_per_minute_increment_is_refused()
    {
        var terms = Terms(Rate.PerUnit(H100, 2m)) with { Increment = BillingIncrement.PerMinute, MinimumDuration = TimeSpan.FromSeconds(90) };

        var refusal = Assert.Single(Refused(Publish(February, terms: terms)).Problems);

        Assert.Equal(new FieldProblem("Terms.MinimumDuration", "'MinimumDuration' must be whole minutes when the increment is per minute."), refusal);
    }

    [Fact]
    public void A_quantity_commitment_must_name_a_per_unit_price_key_of_the_card()
    {
        var terms = Terms(Rate.Graduated(H100, new Tier(null, 2m))) with { Commitment = Commitment.Quantity(H100, 500m, 20m) };

        var refusal = Assert.Single(Refused(Publish(February, terms: terms)).Problems);

        Assert.Equal("Terms.Commitment.Key", refusal.Field);
    }

    [Fact]
    public void The_version_in_force_is_the_last_to_take_effect_at_or_before_the_instant()
    {
        var card = Card("USD", ListPrices, February).WithVersion(March, Terms(Rate.PerUnit(H100, 3m)));

        Assert.Null(card.VersionAt(February.AddSeconds(-1)));
        Assert.Equal(1, card.VersionAt(February)!.Number);
        Assert.Equal(1, card.VersionAt(March.AddSeconds(-1))!.Number);
        Assert.Equal(2, card.VersionAt(March)!.Number);
        Assert.Equal(2, card.VersionAt(March.AddYears(5))!.Number);
    }
}
