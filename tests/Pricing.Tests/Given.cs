using System.Globalization;
using Pricing.RateCards;
using Pricing.Rating;

namespace Pricing.Tests;

/// <summary>Rate cards, periods and a readable rendering of lines, shared by the decision tests.</summary>
internal static class Given
{
    public const string CardId = "gpu-list";

    /// <summary>February 2026 in UTC: the billing period most tests rate.</summary>
    public static readonly DateTimeOffset February = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset March = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset January = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly PriceKey H100 = PriceKey.OnDemand("H100");
    public static readonly PriceKey H100Spot = PriceKey.Spot("H100");
    public static readonly PriceKey A100 = PriceKey.OnDemand("A100");

    public static RateCardTerms Terms(params Rate[] rates) => new() { Rates = rates };

    /// <summary>A card whose first version is in force from <paramref name="effectiveFrom"/> (1 January by default).</summary>
    public static RateCard Card(string currency, RateCardTerms terms, DateTimeOffset? effectiveFrom = null)
    {
        var from = effectiveFrom ?? January;
        return RateCard.Evolve(null, new RateCardVersionPublished(CardId, 1, currency, from, terms, from, "finance@test"));
    }

    public static RateCard WithVersion(this RateCard card, DateTimeOffset effectiveFrom, RateCardTerms terms) =>
        RateCard.Evolve(card, new RateCardVersionPublished(card.Id, card.Versions.Count + 1, card.Currency.Code, effectiveFrom, terms, effectiveFrom, "finance@test"));

    public static MeterTotal GpuSeconds(PriceKey key, decimal seconds, int version = 1) => new(Meters.GpuTime, key, version, seconds);

    public static MeterTotal Joules(PriceKey key, decimal joules, int version = 1) => new(Meters.Energy, key, version, joules);

    public static IReadOnlyList<ChargeLine> Rated(RateCard card, params MeterTotal[] totals) =>
        PeriodRating.Rate(new PeriodTotals("acme", February, March, card.Id, totals), card);

    /// <summary>
    /// A line as an invoice reader checks it: what, how much of what at what price, the exact
    /// amount, and the amount as invoicing writes it (rounded half to even at the minor unit).
    /// </summary>
    public static string Render(ChargeLine line) =>
        $"{line.Description} | v{line.RateCardVersion} | {Number(line.Quantity)} {line.Unit} x {line.UnitPrice.ToAmountString()}" +
        $" = {line.Amount.ToAmountString()} -> {line.Amount.RoundToMinorUnit().ToAmountString()}";

    public static string[] Rendered(IEnumerable<ChargeLine> lines) => [.. lines.Select(Render)];

    private static string Number(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
