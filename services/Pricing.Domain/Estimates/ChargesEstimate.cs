using GpuBilling.Periods;
using Metering.Contracts;
using Pricing.Accrual;
using Pricing.RateCards;
using Pricing.Rating;
using Pricing.Tenants;

namespace Pricing.Estimates;

/// <summary>
/// The live standing's provisional figure: what the unsealed GPU-seconds of a tenant's open period
/// will add to its usage charges, by pricing's own rating, at the version in force at those seconds.
/// </summary>
/// <remarks>
/// <para>
/// The estimate is the GPU-time usage lines of the totals with the unsealed seconds less those of
/// the totals without. It never exceeds what the exact rating will add to those lines once the
/// seconds are sealed and accrued: the exact totals will hold the unsealed seconds, at the same
/// version and in the same period (a window never straddles a version here, nor a period
/// anywhere), plus whatever else is sealed meanwhile, and the usage lines of a key are
/// non-decreasing in its seconds wherever each price is non-negative and each extra second is
/// priced at the tier it falls in: per-unit and graduated rates. Tallies are a lower bound of the
/// truly unsealed seconds (<see cref="UnsealedTally"/>), which keeps it on the same side.
/// </para>
/// <para>
/// Left out, each on the side of the estimate being too low, never too high: volume rates (the
/// tier reached reprices the whole period, so more usage can cost less); versions with a billing
/// increment or a minimum duration (unsealed seconds are known per node, not per allocation, and
/// rounding applies per allocation); a window a version takes effect in; keys the card has no
/// rate for; energy, flat fees, reserved GPUs and commitments (they apply at finalization);
/// unsealed seconds of another period than the open one; a tenant without terms or rate card.
/// One exclusion remains: a key with graduated tiers whose version changed within the period, where
/// a late second of the earlier version pushes the later version's seconds up its tiers.
/// </para>
/// </remarks>
public static class ChargesEstimate
{
    private const decimal SecondsPerHour = 3600m;

    /// <summary>The period the standing estimates: the one containing <paramref name="now"/>.</summary>
    public static BillingPeriod OpenPeriodOf(TenantTerms terms, DateTimeOffset now) => terms.PeriodContaining(now);

    /// <summary>The rate card the open period is priced by: its own once started, the tenant's current one before.</summary>
    public static string CardOf(TenantTerms terms, PeriodUsage? openPeriod) => openPeriod?.RateCardId ?? terms.RateCardId;

    /// <summary>
    /// The estimate for <paramref name="terms"/>' tenant; null where nothing can be estimated (no
    /// terms, no card, a card in another currency than the account's or with no version in the period).
    /// </summary>
    /// <param name="openPeriod">The open period's accrual snapshot; null before it accrued or opened.</param>
    /// <param name="rounded">The open period's allocations' seconds under the versions that count time per allocation (<see cref="PeriodUsage.Totals"/>).</param>
    /// <param name="tallies">The tenant's tallies; those outside the open period are left out.</param>
    public static ChargesEstimated? Of(
        TenantTerms? terms, PeriodUsage? openPeriod, IEnumerable<AllocationSeconds> rounded, RateCard? card, IReadOnlyList<UnsealedTally> tallies, DateTimeOffset now)
    {
        if (terms is null || card is null || card.Id != CardOf(terms, openPeriod)) return null;
        if (openPeriod is null && terms.RefuseCardInAnotherCurrency(card) is not null) return null;
        var period = OpenPeriodOf(terms, now);
        if (card.VersionForPeriod(period.Start, period.End) is null) return null;

        var rated = openPeriod?.Totals(card, rounded).Totals ?? [];
        var inPeriod = tallies.Where(t => t.Tally.TenantId == terms.Id && period.Contains(t.Tally.WindowStart)).ToList();
        var unsealed = inPeriod
            .Where(t => t.Unsealed > 0)
            .Select(t => (Tally: t, Version: EstimatedVersion(card, t.Tally)))
            .Where(t => t.Version is not null)
            .ToList();
        var unsealedTotals = unsealed
            .GroupBy(t => (t.Tally.Tally.Key, t.Version!.Number))
            .Select(g => new MeterTotal(Meters.GpuTime, g.Key.Key, g.Key.Number, g.Sum(t => t.Tally.Unsealed)))
            .ToList();

        var without = UsageCharges(terms.Id, period, card, rated);
        // Nothing unsealed rates the same totals twice: the accrual's estimate of a ledger backlog.
        var with = unsealedTotals.Count == 0 ? without : UsageCharges(terms.Id, period, card, [.. rated, .. unsealedTotals]);
        var usageThrough = new[] { openPeriod?.LastSecond }
            .Concat(unsealed.Select(t => t.Tally.LastSecond))
            .Max();

        return new ChargesEstimated
        {
            TenantId = terms.Id,
            PeriodStart = period.Start,
            PeriodEnd = period.End,
            CurrencyCode = card.Currency.Code,
            TotalsVersion = openPeriod?.StreamVersion ?? 0,
            UnsealedCharges = with - without,
            UnsealedGpuSeconds = unsealedTotals.Sum(t => (long)t.Quantity),
            UsageThrough = usageThrough,
            BurnRatePerHour = BurnRatePerHour(card, inPeriod, [.. rated, .. unsealedTotals], now),
            EstimatedAt = now,
        };
    }

    /// <summary>The version that prices every second of the tally's window, if its unsealed seconds may be estimated.</summary>
    private static RateCardVersion? EstimatedVersion(RateCard card, TallyKey tally)
    {
        var version = card.VersionAt(tally.WindowStart);
        if (version is null || card.VersionAt(tally.WindowStart + UsageObserved.Window - TimeSpan.FromSeconds(1)) != version) return null;
        var terms = version.Terms;
        if (!BillableTime.IsMetered(terms)) return null;
        return terms.RateFor(tally.Key) is { Model: PricingModel.PerUnit or PricingModel.Graduated } ? version : null;
    }

    private static decimal UsageCharges(string tenantId, BillingPeriod period, RateCard card, IReadOnlyList<MeterTotal> totals) =>
        PeriodRating.Rate(new PeriodTotals(tenantId, period.Start, period.End, card.Id, totals), card)
            .Where(l => l.Meter == Meters.GpuTime && l.Kind == ChargeKinds.Usage)
            .Sum(l => l.Amount.Amount);

    /// <summary>
    /// The GPUs the tenant held in the latest window metering recorded (per node and key, at the
    /// latest second observed there), each at the price per GPU-hour of the tier its key's next
    /// GPU-second falls in, counting the period's rated and estimated seconds of every version,
    /// under the version in force at <paramref name="now"/>. Keys that version has no rate for
    /// count nothing; fees, energy and commitments are left out, as in the estimate. A tenant that
    /// held nothing in the current window or the one before burns nothing: its GPUs were released
    /// (their seconds go on being reported, held by nobody), and a stale rate would project a
    /// depletion that is not coming.
    /// </summary>
    public static decimal BurnRatePerHour(RateCard card, IReadOnlyList<UnsealedTally> tallies, IReadOnlyList<MeterTotal> totals, DateTimeOffset now)
    {
        var held = tallies.Where(t => t.Observed > 0).ToList();
        if (held.Count == 0 || card.VersionAt(now) is not { } version) return 0m;
        var latest = held.Max(t => t.Tally.WindowStart);
        if (latest < HeldSince(now)) return 0m;
        return held
            .Where(t => t.Tally.WindowStart == latest)
            .GroupBy(t => t.Tally.Key)
            .Sum(g => version.Terms.RateFor(g.Key) is { } rate
                ? g.Sum(t => t.GpusAtLastSecond) * MarginalPricePerGpuHour(rate, totals.Where(t => t.Meter == Meters.GpuTime && t.Key == g.Key).Sum(t => t.Quantity))
                : 0m);
    }

    /// <summary>
    /// The first window whose GPUs still burn at <paramref name="now"/>: the current one and the one
    /// before. Balanced tallies of earlier windows change no estimate made then or later.
    /// </summary>
    public static DateTimeOffset HeldSince(DateTimeOffset now) => UsageObserved.WindowOf(now) - UsageObserved.Window;

    /// <summary>The price per GPU-hour of the next GPU-second after <paramref name="seconds"/> of the period: the tier it falls in (bands are upper-inclusive).</summary>
    public static decimal MarginalPricePerGpuHour(Rate rate, decimal seconds)
    {
        if (rate.Model == PricingModel.PerUnit) return rate.PricePerGpuHour!.Value;
        // Only a per-unit rate may be stored without tiers; a tiered one has at least one.
        var tiers = rate.Tiers!;
        var tier = tiers.FirstOrDefault(t => t.UpToGpuHours is not { } upTo || seconds + 1 <= upTo * SecondsPerHour) ?? tiers[^1];
        return tier.PricePerGpuHour;
    }
}
