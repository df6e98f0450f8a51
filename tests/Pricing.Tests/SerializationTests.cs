using System.Text.Json;
using Pricing.Accrual;
using Pricing.RateCards;
using Pricing.Rating;
using static Pricing.Tests.Given;

namespace Pricing.Tests;

/// <summary>Events and states cross into storage and messages as JSON; they must come back the same and price the same.</summary>
public class SerializationTests
{
    public static TheoryData<string> Options => ["default", "web"];

    private static JsonSerializerOptions For(string name) =>
        name == "web" ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : JsonSerializerOptions.Default;

    private static T RoundTrip<T>(T value, string options) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, For(options)), For(options))!;

    internal static readonly RateCardTerms EveryTerm = new()
    {
        Rates =
        [
            Rate.Graduated(H100, new Tier(100m, 3.00m, 50m), new Tier(null, 2.50m)),
            Rate.Volume(PriceKey.Spot("A100", "3g.40gb"), new Tier(null, 1.10m, 5m)),
            Rate.PerUnit(A100, 1.29m),
        ],
        Increment = BillingIncrement.PerMinute,
        MinimumDuration = TimeSpan.FromMinutes(5),
        Commitment = Commitment.Quantity(A100, 500m, 12.5m),
        ReservedGpus = [new ReservedGpus("H100", 4, 1500m)],
        EnergyPricePerKWh = 0.12m,
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void A_rate_card_read_back_from_its_events_prices_usage_identically(string options)
    {
        var published = PublishRateCardVersionDecision.Decide(new PublishRateCardVersion(CardId, "BHD", February, EveryTerm, January, "finance@test"), null);
        var card = RateCard.From([published])!;
        var stored = RateCard.From([RoundTrip(published, options)])!;
        MeterTotal[] totals = [GpuSeconds(H100, 400_000), GpuSeconds(A100, 1234), GpuSeconds(PriceKey.Spot("A100", "3g.40gb"), 99), Joules(H100, 5_000_000)];

        Assert.Equal(Rated(card, totals), Rated(stored, totals));
        Assert.Equal(Rated(card, totals), Rated(RoundTrip(card, options), totals));
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void Period_usage_stored_as_a_snapshot_gives_back_the_same_totals_version_and_seconds(string options)
    {
        var card = Card("USD", EveryTerm);
        var accrued = AccrueUsageDecision.Decide(
            new AccrueUsage("acme", February, March, CardId, "node-1@2026-02-10T10Z:3",
                [
                    new AllocationUsage("job-1", "GPU-a", H100, [new UsageRun(February.AddDays(9), 30)], 1.5m),
                    new AllocationUsage("job-2", "MIG-b", PriceKey.Spot("A100", "3g.40gb"), [new UsageRun(February.AddDays(9), 61)], 0m),
                ],
                February.AddDays(10), "pricing@test"),
            null, card);
        var usage = PeriodUsage.From([RoundTrip(accrued, options)])!;

        var stored = RoundTrip(usage, options);

        var allocations = AllocationSeconds.From([accrued]);
        Assert.Equal(usage.Totals(card, allocations).Totals, stored.Totals(card, allocations).Totals);
        Assert.Equal((1L, 1L, February.AddDays(9), February.AddDays(9).AddSeconds(60)),
            (stored.StreamVersion, stored.LedgerEvents, stored.FirstSecond, stored.LastSecond));
        Assert.Equal(usage.Keys, stored.Keys);
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void Charge_lines_cross_a_boundary_as_exact_decimals(string options)
    {
        var lines = Rated(Card("BHD", EveryTerm), GpuSeconds(A100, 7237));

        Assert.Equal(lines, RoundTrip(lines, options));
    }
}
