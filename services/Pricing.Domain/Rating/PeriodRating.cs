using System.Globalization;
using GpuBilling.Money;
using Pricing.RateCards;

namespace Pricing.Rating;

/// <summary>
/// Rating: a billing period's totals priced by a rate card, as charge lines. A pure function
/// of the totals and the card's versions, so the same totals against the same versions give
/// the same lines, in the same order, to the last digit, every time an auditor asks.
/// </summary>
/// <remarks>
/// Money is computed from the period's totals, never per event: tiers, commitments and
/// minimums depend on the whole period. Amounts are exact decimals and are not rounded here;
/// invoicing rounds each line with <see cref="Money.RoundToMinorUnit"/> when it writes it.
/// A rate per GPU-hour is applied per second as seconds × rate / 3,600: multiplying before the
/// one division keeps the result exact whenever it can be (3,600 s at 2.50 is 2.50, where
/// 3,600 × (2.50 / 3,600) would be 2.4999…8).
/// Lines come in this order: GPU time by price key (model, then whole GPU before MIG
/// profiles, then class), by version, by tier (each tier's flat fee after its usage); energy
/// by price key and version; reserved GPUs by model; the commitment discount; the shortfall.
/// </remarks>
public static class PeriodRating
{
    private const decimal SecondsPerHour = 3600m;
    private const decimal JoulesPerKWh = 3_600_000m;

    public static IReadOnlyList<ChargeLine> Rate(PeriodTotals period, RateCard card)
    {
        if (!string.Equals(period.RateCardId, card.Id, StringComparison.Ordinal))
            throw new ArgumentException($"The totals are for rate card '{period.RateCardId}', not '{card.Id}'.", nameof(card));
        var periodTerms = card.VersionForPeriod(period.PeriodStart, period.PeriodEnd)
            ?? throw new InvalidOperationException($"No version of rate card '{card.Id}' is in force during the period from {period.PeriodStart:O}.");

        var totals = Merge(period.Totals, card);
        var lines = new List<ChargeLine>();

        foreach (var key in KeysOf(totals, Meters.GpuTime))
            lines.AddRange(GpuTimeLines(card, key, VersionsOf(totals, Meters.GpuTime, key)));

        foreach (var key in KeysOf(totals, Meters.Energy))
            foreach (var (version, joules) in VersionsOf(totals, Meters.Energy, key))
                if (EnergyLine(card, key, version, joules) is { } line) lines.Add(line);

        lines.AddRange(ReservedGpuLines(card, periodTerms));
        lines.AddRange(CommitmentLines(card, periodTerms, lines, totals));
        return lines;
    }

    private static SortedDictionary<(string Meter, PriceKey Key, int Version), decimal> Merge(IEnumerable<MeterTotal> totals, RateCard card)
    {
        var merged = new SortedDictionary<(string Meter, PriceKey Key, int Version), decimal>(Comparer<(string Meter, PriceKey Key, int Version)>.Create(
            (a, b) =>
            {
                var byMeter = string.CompareOrdinal(a.Meter, b.Meter);
                if (byMeter != 0) return byMeter;
                var byKey = PriceKey.Order.Compare(a.Key, b.Key);
                return byKey != 0 ? byKey : a.Version.CompareTo(b.Version);
            }));
        foreach (var total in totals)
        {
            if (!Meters.IsKnown(total.Meter)) throw new ArgumentException($"Unknown meter '{total.Meter}'.", nameof(totals));
            if (total.Quantity < 0) throw new ArgumentException($"A negative quantity of {total.Meter} for {total.Key}.", nameof(totals));
            card.Version(total.RateCardVersion);
            var key = (total.Meter, total.Key, total.RateCardVersion);
            merged[key] = merged.GetValueOrDefault(key) + total.Quantity;
        }
        // A price key with nothing accrued charges nothing, not even a tier's flat fee.
        foreach (var empty in merged.Where(t => t.Value == 0).Select(t => t.Key).ToList()) merged.Remove(empty);
        return merged;
    }

    private static List<PriceKey> KeysOf(SortedDictionary<(string Meter, PriceKey Key, int Version), decimal> totals, string meter) =>
        totals.Keys.Where(k => k.Meter == meter).Select(k => k.Key).Distinct().ToList();

    private static List<(int Version, decimal Quantity)> VersionsOf(
        SortedDictionary<(string Meter, PriceKey Key, int Version), decimal> totals, string meter, PriceKey key) =>
        totals.Where(t => t.Key.Meter == meter && t.Key.Key == key).Select(t => (t.Key.Version, t.Value)).ToList();

    /// <summary>
    /// GPU time of one price key. Tiers count GPU-hours across the whole period, so usage under
    /// a later version continues up the tiers from where the earlier version's usage left off
    /// (priced by the later version's tiers) instead of starting again at the bottom.
    /// </summary>
    private static IEnumerable<ChargeLine> GpuTimeLines(RateCard card, PriceKey key, List<(int Version, decimal Seconds)> byVersion)
    {
        var periodSeconds = byVersion.Sum(v => v.Seconds);
        var before = 0m;
        for (var i = 0; i < byVersion.Count; i++)
        {
            var (version, seconds) = byVersion[i];
            var rate = card.Version(version).Terms.RateFor(key)
                ?? throw new InvalidOperationException($"Rate card '{card.Id}' version {version} has no rate for {key}.");
            var line = new LineFactory(card, version, key);
            switch (rate.Model)
            {
                case PricingModel.PerUnit:
                    yield return line.GpuTime($"GPU time {key}", seconds, rate.PricePerGpuHour!.Value, tier: null);
                    break;

                case PricingModel.Graduated:
                    for (var t = 0; t < (rate.Tiers ?? []).Count; t++)
                    {
                        var (lower, upper) = Bounds((rate.Tiers ?? []), t);
                        var inTier = Math.Min(before + seconds, upper ?? decimal.MaxValue) - Math.Max(before, lower);
                        if (inTier <= 0) continue;
                        yield return line.GpuTime($"GPU time {key}, graduated tier {t + 1} ({Range((rate.Tiers ?? []), t)})", inTier, (rate.Tiers ?? [])[t].PricePerGpuHour, t + 1);
                        // Each tier's fee is charged once a period: by the version under which usage first entered the tier.
                        if ((rate.Tiers ?? [])[t].FlatFee is { } fee && lower >= before)
                            yield return line.FlatFee($"Flat fee {key}, graduated tier {t + 1}", fee, t + 1);
                    }
                    break;

                case PricingModel.Volume:
                    var reached = TierReachedBy((rate.Tiers ?? []), periodSeconds);
                    yield return line.GpuTime($"GPU time {key}, volume tier {reached + 1} ({Range((rate.Tiers ?? []), reached)})", seconds, (rate.Tiers ?? [])[reached].PricePerGpuHour, reached + 1);
                    // Charged once a period, by the version the period's total ends under.
                    if (i == byVersion.Count - 1 && (rate.Tiers ?? [])[reached].FlatFee is { } volumeFee)
                        yield return line.FlatFee($"Flat fee {key}, volume tier {reached + 1}", volumeFee, reached + 1);
                    break;

                default:
                    throw new InvalidOperationException($"Unknown pricing model {rate.Model}.");
            }
            before += seconds;
        }
    }

    /// <summary>A tier's band in seconds: lower exclusive, upper inclusive (null: unbounded).</summary>
    private static (decimal Lower, decimal? Upper) Bounds(IReadOnlyList<Tier> tiers, int index) =>
        (index == 0 ? 0m : tiers[index - 1].UpToGpuHours!.Value * SecondsPerHour, tiers[index].UpToGpuHours * SecondsPerHour);

    /// <summary>The tier whose band holds the period's total; a total exactly on a bound belongs to the lower tier.</summary>
    private static int TierReachedBy(IReadOnlyList<Tier> tiers, decimal seconds)
    {
        for (var t = 0; t < tiers.Count; t++)
            if (tiers[t].UpToGpuHours is not { } upTo || seconds <= upTo * SecondsPerHour) return t;
        return tiers.Count - 1;
    }

    private static string Range(IReadOnlyList<Tier> tiers, int index)
    {
        var lower = index == 0 ? (decimal?)null : tiers[index - 1].UpToGpuHours;
        var upper = tiers[index].UpToGpuHours;
        return (lower, upper) switch
        {
            (null, null) => "all GPU-hours",
            (null, { } u) => $"up to {Number(u)} GPU-hours",
            ({ } l, null) => $"over {Number(l)} GPU-hours",
            ({ } l, { } u) => $"over {Number(l)} up to {Number(u)} GPU-hours",
        };
    }

    private static ChargeLine? EnergyLine(RateCard card, PriceKey key, int version, decimal joules)
    {
        // A version without an energy price does not bill energy; the joules stay accrued for analytics.
        if (card.Version(version).Terms.EnergyPricePerKWh is not { } pricePerKWh) return null;
        return new ChargeLine(
            $"Energy {key}", Meters.Energy, key, card.Id, version,
            joules / JoulesPerKWh, Units.KilowattHour,
            new Money(pricePerKWh, card.Currency), new Money(joules * pricePerKWh / JoulesPerKWh, card.Currency),
            ChargeKinds.Usage, null, joules);
    }

    private static IEnumerable<ChargeLine> ReservedGpuLines(RateCard card, RateCardVersion periodTerms) =>
        periodTerms.Terms.ReservedGpus
            .OrderBy(r => r.GpuModel, StringComparer.Ordinal)
            .Select(r => new ChargeLine(
                $"Reserved {r.GpuModel} GPUs", null, null, card.Id, periodTerms.Number,
                r.Count, Units.ReservedGpu,
                new Money(r.PricePerPeriod, card.Currency), new Money(r.Count * r.PricePerPeriod, card.Currency),
                ChargeKinds.ReservedGpus, null, null));

    /// <summary>
    /// The discount applies to GPU-time usage and its tier fees (of the committed key, for a
    /// quantity commitment), not to reserved GPUs (already a fixed price) nor energy (a cost passed
    /// through). The shortfall is measured against the usage after the discount, for the period
    /// as a whole and under the period's terms.
    /// </summary>
    private static IEnumerable<ChargeLine> CommitmentLines(
        RateCard card, RateCardVersion periodTerms, List<ChargeLine> lines,
        SortedDictionary<(string Meter, PriceKey Key, int Version), decimal> totals)
    {
        if (periodTerms.Terms.Commitment is not { } commitment) yield break;
        var currency = card.Currency;

        var covered = lines
            .Where(l => l.Meter == Meters.GpuTime && l.Kind is ChargeKinds.Usage or ChargeKinds.FlatFee)
            .Where(l => commitment.Kind == CommitmentKind.Spend || l.PriceKey == commitment.Key)
            .Aggregate(Money.Zero(currency), (sum, l) => sum + l.Amount);
        var discount = new Money(-covered.Amount * commitment.DiscountPercent / 100m, currency);
        if (discount.Amount != 0)
            yield return new ChargeLine(
                $"Commitment discount {Number(commitment.DiscountPercent)}% on GPU time" + (commitment.Key is { } k ? $" {k}" : ""),
                null, commitment.Key, card.Id, periodTerms.Number,
                1m, Units.Each, discount, discount, ChargeKinds.CommitmentDiscount, null, null);

        switch (commitment.Kind)
        {
            case CommitmentKind.Spend:
                var shortfall = commitment.Amount - (covered + discount).Amount;
                if (shortfall > 0)
                    yield return new ChargeLine(
                        $"Committed spend shortfall ({Number(commitment.Amount)} {currency.Code} committed)",
                        null, null, card.Id, periodTerms.Number,
                        1m, Units.Each, new Money(shortfall, currency), new Money(shortfall, currency),
                        ChargeKinds.CommitmentShortfall, null, null);
                break;

            case CommitmentKind.Quantity:
                var key = commitment.Key!;
                var used = totals.Where(t => t.Key.Meter == Meters.GpuTime && t.Key.Key == key).Sum(t => t.Value);
                var unusedSeconds = commitment.Amount * SecondsPerHour - used;
                if (unusedSeconds > 0)
                {
                    // Validation keeps a quantity commitment's key per unit in the same version.
                    var listPrice = periodTerms.Terms.RateFor(key)!.PricePerGpuHour!.Value;
                    var keep = 100m - commitment.DiscountPercent;
                    yield return new ChargeLine(
                        $"Committed GPU-hours shortfall {key} ({Number(commitment.Amount)} GPU-hours committed)",
                        null, key, card.Id, periodTerms.Number,
                        unusedSeconds / SecondsPerHour, Units.GpuHour,
                        new Money(listPrice * keep / 100m, currency),
                        new Money(unusedSeconds * listPrice * keep / (SecondsPerHour * 100m), currency),
                        ChargeKinds.CommitmentShortfall, null, null);
                }
                break;
        }
    }

    private static string Number(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>Builds the lines of one price key under one version.</summary>
    private readonly record struct LineFactory(RateCard Card, int Version, PriceKey Key)
    {
        public ChargeLine GpuTime(string description, decimal seconds, decimal pricePerGpuHour, int? tier) =>
            new(description, Meters.GpuTime, Key, Card.Id, Version,
                seconds / SecondsPerHour, Units.GpuHour,
                new Money(pricePerGpuHour, Card.Currency), new Money(seconds * pricePerGpuHour / SecondsPerHour, Card.Currency),
                ChargeKinds.Usage, tier, seconds);

        public ChargeLine FlatFee(string description, decimal fee, int tier) =>
            new(description, Meters.GpuTime, Key, Card.Id, Version,
                1m, Units.Each, new Money(fee, Card.Currency), new Money(fee, Card.Currency),
                ChargeKinds.FlatFee, tier, null);
    }
}
