using Metering.Contracts;
using Pricing.Accrual;
using Pricing.Estimates;
using Pricing.RateCards;
using Pricing.Rating;
using Pricing.Tenants;
using static Pricing.Tests.Given;

namespace Pricing.Tests.Estimates;

public class ChargesEstimateTests
{
    private static readonly DateTimeOffset Now = February.AddDays(19).AddHours(12);
    private static readonly DateTimeOffset LatestWindow = Now.AddMinutes(-5);
    private static readonly TenantTerms AcmeTerms = new("acme", 1, "UTC", 1, "USD", CardId, February);

    // H100 on demand: up to 1 GPU-hour at 3.60 (flat fee 10), over it at 1.80 (fee 5); H100 spot: 0.72 per GPU-hour.
    private static readonly RateCardTerms CardTerms = Terms(
        Rate.Graduated(H100, new Tier(1m, 3.60m, 10m), new Tier(null, 1.80m, 5m)),
        Rate.PerUnit(H100Spot, 0.72m));

    private static readonly RateCard ListCard = Card("USD", CardTerms);

    /// <summary>The sealed part of the period: <paramref name="seconds"/> of one H100 on demand, accrued from one ledger event.</summary>
    private static PeriodUsage Accrued(RateCard card, params (DateTimeOffset From, int Seconds, PriceKey Key)[] runs)
    {
        var events = new List<UsageAccrued>();
        foreach (var (from, seconds, key) in runs)
            events.Add(AccrueUsageDecision.Decide(
                new AccrueUsage("acme", February, March, card.Id, Guid.NewGuid().ToString(),
                    [new AllocationUsage("job-1", $"GPU-{events.Count}", key, [new UsageRun(from, seconds)], 0m)], Now, "pricing@test"),
                PeriodUsage.From(events), card));
        return PeriodUsage.From(events)!;
    }

    private static UnsealedTally Tally(string node, DateTimeOffset window, PriceKey key, long observed, long sealedSeconds, int gpus) =>
        new(new TallyKey("acme", node, window, key), observed, sealedSeconds, window.AddSeconds(299), gpus);

    private static decimal UsageCharges(PeriodUsage usage, RateCard card) =>
        PeriodRating.Rate(usage.Totals(card, []), card).Where(l => l.Kind == ChargeKinds.Usage).Sum(l => l.Amount.Amount);

    [Fact]
    public void Unsealed_seconds_are_priced_on_top_of_the_rated_totals_across_a_graduated_tier_on_demand_and_at_the_spot_rate()
    {
        var rated = Accrued(ListCard, (February.AddDays(3), 3000, H100));
        IReadOnlyList<UnsealedTally> tallies =
        [
            // 1,200 unsealed on demand: 3,000 rated + 1,200 crosses the tier at 3,600.
            Tally("node-1", LatestWindow, H100, observed: 1200, sealedSeconds: 0, gpus: 4),
            // 1,000 observed, 400 already sealed: 600 unsealed at the spot rate.
            Tally("node-2", LatestWindow, H100Spot, observed: 1000, sealedSeconds: 400, gpus: 2),
            // Sealed ahead of its observation: nothing, never less than nothing.
            Tally("node-3", LatestWindow.AddMinutes(-5), H100, observed: 100, sealedSeconds: 300, gpus: 1),
            // Another period's window (January): not the open period's.
            Tally("node-1", February.AddMinutes(-5), H100, observed: 300, sealedSeconds: 0, gpus: 1),
        ];

        var estimate = ChargesEstimate.Of(AcmeTerms, rated, [], ListCard, tallies, Now)!;

        var onDemand = (3600m - 3000m) * 3.60m / 3600m + (4200m - 3600m) * 1.80m / 3600m;
        var spot = 600m * 0.72m / 3600m;
        Assert.Equal(0.90m + 0.12m, onDemand + spot);
        Assert.Equal(onDemand + spot, estimate.UnsealedCharges);
        Assert.Equal(1800, estimate.UnsealedGpuSeconds);
        Assert.Equal((rated.StreamVersion, "USD", February, March), (estimate.TotalsVersion, estimate.CurrencyCode, estimate.PeriodStart, estimate.PeriodEnd));
        Assert.Equal(LatestWindow.AddSeconds(299), estimate.UsageThrough);
        // The latest window: 4 GPUs on demand past the tier (1.80) and 2 spot GPUs (0.72).
        Assert.Equal(4 * 1.80m + 2 * 0.72m, estimate.BurnRatePerHour);
        Assert.Equal(Now, estimate.EstimatedAt);
    }

    [Fact]
    public void A_tenant_without_terms_or_with_nothing_unsealed_is_estimated_as_such()
    {
        Assert.Null(ChargesEstimate.Of(null, null, [], ListCard, [Tally("node-1", LatestWindow, H100, 300, 0, 1)], Now));

        var rated = Accrued(ListCard, (February.AddDays(3), 3000, H100));
        var nothing = ChargesEstimate.Of(AcmeTerms, rated, [], ListCard, [Tally("node-1", LatestWindow, H100, 300, 300, 1)], Now)!;
        Assert.Equal((0m, 0L, 3.60m), (nothing.UnsealedCharges, nothing.UnsealedGpuSeconds, nothing.BurnRatePerHour));
        Assert.Equal(February.AddDays(3).AddSeconds(2999), nothing.UsageThrough);
    }

    [Fact]
    public void Rates_and_versions_where_more_usage_may_cost_less_or_is_rounded_per_allocation_are_not_estimated()
    {
        var volume = Card("USD", Terms(Rate.Volume(H100, new Tier(1m, 3.60m), new Tier(null, 1.80m))));
        var perMinute = Card("USD", CardTerms with { Increment = BillingIncrement.PerMinute });
        var minimum = Card("USD", CardTerms with { MinimumDuration = TimeSpan.FromMinutes(1) });
        // A version taking effect inside the window: its seconds are priced by two versions.
        var midWindow = Card("USD", CardTerms).WithVersion(LatestWindow.AddMinutes(2), CardTerms);
        IReadOnlyList<UnsealedTally> tallies = [Tally("node-1", LatestWindow, H100, 600, 0, 1)];

        foreach (var card in new[] { volume, perMinute, minimum, midWindow })
        {
            var estimate = ChargesEstimate.Of(AcmeTerms, null, [], card, tallies, Now)!;
            Assert.Equal((0m, 0L, 0), (estimate.UnsealedCharges, estimate.UnsealedGpuSeconds, estimate.TotalsVersion));
        }
    }

    [Fact]
    public void The_estimate_is_never_more_than_what_sealing_and_rating_the_seconds_adds()
    {
        var sealedBefore = (From: February.AddDays(3), Seconds: 3000, Key: H100);
        var rated = Accrued(ListCard, sealedBefore);
        var unsealedOnDemand = (From: LatestWindow, Seconds: 1200, Key: H100);
        var unsealedSpot = (From: LatestWindow, Seconds: 600, Key: H100Spot);
        var estimate = ChargesEstimate.Of(AcmeTerms, rated, [], ListCard,
            [Tally("node-1", LatestWindow, H100, 1200, 0, 4), Tally("node-2", LatestWindow, H100Spot, 600, 0, 2)], Now)!;

        // Exactly the unsealed seconds sealed and accrued: the estimate is the increment to the usage lines.
        var exact = Accrued(ListCard, sealedBefore, unsealedOnDemand, unsealedSpot);
        Assert.Equal(UsageCharges(exact, ListCard) - UsageCharges(rated, ListCard), estimate.UnsealedCharges);

        // More sealed meanwhile (a late second of an earlier window, usage the observation has not
        // reached yet), and the tier's flat fee: the exact increment only grows.
        var more = Accrued(ListCard, sealedBefore, unsealedOnDemand, unsealedSpot, (February.AddDays(4), 1, H100), (Now, 60, H100Spot));
        Assert.True(UsageCharges(more, ListCard) - UsageCharges(rated, ListCard) > estimate.UnsealedCharges);
        var allLines = PeriodRating.Rate(more.Totals(ListCard, []), ListCard).Sum(l => l.Amount.Amount)
            - PeriodRating.Rate(rated.Totals(ListCard, []), ListCard).Sum(l => l.Amount.Amount);
        Assert.True(allLines > estimate.UnsealedCharges);
    }

    [Fact]
    public void A_tenant_that_held_nothing_in_the_current_or_previous_window_burns_nothing()
    {
        var rated = Accrued(ListCard, (February.AddDays(3), 3000, H100));
        IReadOnlyList<UnsealedTally> previous = [Tally("node-1", LatestWindow, H100, 300, 300, 2)];
        IReadOnlyList<UnsealedTally> older = [Tally("node-1", LatestWindow.AddMinutes(-5), H100, 300, 300, 2)];

        Assert.Equal(2 * 3.60m, ChargesEstimate.Of(AcmeTerms, rated, [], ListCard, previous, Now)!.BurnRatePerHour);
        Assert.Equal(0m, ChargesEstimate.Of(AcmeTerms, rated, [], ListCard, older, Now)!.BurnRatePerHour);
    }

    [Fact]
    public void The_marginal_price_is_the_tier_of_the_next_gpu_second()
    {
        var rate = Rate.Graduated(H100, new Tier(1m, 3.60m), new Tier(null, 1.80m));
        Assert.Equal(3.60m, ChargesEstimate.MarginalPricePerGpuHour(rate, 3599m));
        Assert.Equal(1.80m, ChargesEstimate.MarginalPricePerGpuHour(rate, 3600m));
        Assert.Equal(0.72m, ChargesEstimate.MarginalPricePerGpuHour(Rate.PerUnit(H100Spot, 0.72m), 1_000_000m));
    }
}
