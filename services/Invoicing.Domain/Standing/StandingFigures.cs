using GpuBilling.Money;
using Invoicing.Audit;
using Invoicing.Credits;
using Invoicing.Invoices;
using Invoicing.Ratings;
using Metering.Contracts;

namespace Invoicing.Standing;

/// <summary>
/// One period of the tenant's whose invoice may still draw credit: its newest rating and newest
/// estimate, as kept (either may be missing).
/// </summary>
public sealed record PeriodUsage(string InvoiceId, DateTimeOffset PeriodStart, PeriodCharges? Rated, ChargesEstimated? Estimate);

/// <summary>Everything a standing is computed from, as of <paramref name="Now"/>.</summary>
/// <param name="Credit">The tenant's credit as drawn so far; null for a tenant never granted any.</param>
/// <param name="CurrentPeriodStart">The period the spend limit counts: the one <paramref name="Now"/> is in.</param>
public sealed record StandingInputs(
    string TenantId,
    Currency Currency,
    decimal? TaxRate,
    CreditBalance? Credit,
    DateTimeOffset CurrentPeriodStart,
    IReadOnlyList<PeriodUsage> Periods,
    DateTimeOffset Now);

/// <summary>
/// A tenant's figures at an instant. For a tenant with credit, <paramref name="Balance"/> is what
/// is left once the charges rated and estimated so far are drawn as the draws will draw them; a
/// tenant without credit has none (it is billed on its invoice, as before credits existed).
/// </summary>
/// <param name="PeriodCharges">The current period's charges before tax, rated and estimated, without a commitment shortfall.</param>
/// <param name="BurnRatePerHour">Charges before tax per hour at the latest usage metering recorded; null before any estimate.</param>
/// <param name="ProjectedDepletion">When the balance runs out at that burn; null without credit, with none left, or with no burn.</param>
/// <param name="UsageThrough">The latest second of usage the figures include; null while none.</param>
/// <param name="RatingVersion">The rating of the current period counted (0: none yet).</param>
/// <param name="EstimateVersion">The rating the counted estimate of the current period added to; null where none was counted.</param>
public sealed record StandingFigures(
    Currency Currency,
    Money? Balance,
    Money? Promotional,
    Money? Purchased,
    Money PeriodCharges,
    decimal? BurnRatePerHour,
    DateTimeOffset? ProjectedDepletion,
    DateTimeOffset? UsageThrough,
    DateTimeOffset PeriodStart,
    long RatingVersion,
    long? EstimateVersion,
    int Grants)
{
    /// <summary>Hours of the current burn the balance lasts; null where it is not projected.</summary>
    public decimal? HoursLeft(DateTimeOffset now) =>
        ProjectedDepletion is { } at ? (decimal)(at - (UsageThrough ?? now)).TotalSeconds / 3600m : null;
}

/// <summary>
/// The standing's figures, computed the way the invoice and the draws compute money, so that the
/// standing is never worse than the exact figures will be.
/// </summary>
public static class StandingCalculation
{
    private static readonly Actor Standing = Actor.Service("invoicing-standing");

    /// <summary>
    /// The credit left is what the existing draw decision (<see cref="CreditDecision"/>) would leave,
    /// run without keeping its events, on each open period's rated charges plus what its estimate
    /// adds (<see cref="Provisional"/>). An estimate counts only where it adds to the very rating
    /// kept: one made for an older rating may hold seconds the newer rating has rated too, and one
    /// made for a newer rating than kept adds to charges not counted yet; either way it is left
    /// out, never counted twice. Grants past their expiry count nothing.
    /// </summary>
    public static StandingFigures Of(StandingInputs inputs)
    {
        var currency = inputs.Currency;
        var credit = inputs.Credit;
        var periodCharges = Money.Zero(currency);
        long ratingVersion = 0;
        long? estimateVersion = null;
        DateTimeOffset? usageThrough = null;
        foreach (var period in inputs.Periods.OrderBy(p => p.PeriodStart))
        {
            var metered = period.Rated?.ChargeLines().Where(c => c.Meter != CreditDecision.CommitmentShortfall).ToList() ?? [];
            var version = period.Rated?.TotalsVersion ?? 0;
            var counted = period.Estimate is { } estimate && estimate.TotalsVersion == version ? estimate : null;
            var charges = counted is null ? metered : [.. metered, EstimateLine(Provisional(counted.UnsealedCharges, metered.Count, currency))];
            var through = counted?.UsageThrough ?? period.Rated?.Rated.LastSecond;
            if (through > usageThrough || usageThrough is null) usageThrough = through;

            if (period.PeriodStart == inputs.CurrentPeriodStart)
            {
                periodCharges = InvoiceCalculation.Compute(new InvoiceInputs(currency, charges, [], null)).Subtotal;
                ratingVersion = version;
                estimateVersion = counted?.TotalsVersion;
            }
            if (credit is not null && charges.Count > 0)
            {
                var simulated = CreditDecision.Decide(new DrawForRating(
                    inputs.TenantId, period.InvoiceId, "standing", long.MaxValue, charges, inputs.TaxRate, inputs.Now, Standing), credit);
                credit = simulated.Aggregate(credit, CreditBalance.Evolve);
            }
        }

        var burn = inputs.Periods.Select(p => p.Estimate).OfType<ChargesEstimated>().MaxBy(e => e.EstimatedAt)?.BurnRatePerHour;
        if (credit is null)
            return new StandingFigures(currency, null, null, null, periodCharges, burn, null, usageThrough, inputs.CurrentPeriodStart, ratingVersion, estimateVersion, 0);

        Money Left(bool promotional) => InvoiceCalculation.Sum(
            credit.Grants.Where(g => g.IsPromotional == promotional && g.InForceAt(inputs.Now)).Select(g => g.Unused), currency);
        var (promotionalLeft, purchasedLeft) = (Left(true), Left(false));
        var balance = promotionalLeft + purchasedLeft;
        var depletion = balance.Amount > 0 && burn > 0
            ? (usageThrough ?? inputs.Now).AddSeconds((double)Math.Floor(SecondsLeft(promotionalLeft, purchasedLeft, burn.Value, inputs.TaxRate)))
            : (DateTimeOffset?)null;
        return new StandingFigures(currency, balance, promotionalLeft, purchasedLeft, periodCharges, burn, depletion, usageThrough,
            inputs.CurrentPeriodStart, ratingVersion, estimateVersion, credit.Grants.Count);
    }

    /// <summary>
    /// Seconds until the credit is spent at <paramref name="burnPerHour"/> (before tax): promotional
    /// credit first, at the burn itself (it is a discount before tax), then purchased credit, which
    /// pays the tax too, so it burns at the burn plus tax (<see cref="SettlementRule"/>).
    /// </summary>
    public static decimal SecondsLeft(Money promotional, Money purchased, decimal burnPerHour, decimal? taxRate) =>
        promotional.Amount / burnPerHour * 3600m + purchased.Amount / (burnPerHour * (1m + (taxRate ?? 0m))) * 3600m;

    /// <summary>
    /// What the estimate is counted as: its unsealed charges rounded down to the minor unit, less one
    /// minor unit for each line of the rating it adds to and one for a line the unsealed seconds
    /// may start (a new tier, a new GPU model), never below zero. The invoice rounds each line on its
    /// own, so the exact charges can grow by up to a minor unit per line less than the unrounded
    /// estimate; counting it lower by that keeps the standing from ever being worse than the exact
    /// figures will be, at the cost of seeing a few minor units of burn late.
    /// </summary>
    public static Money Provisional(decimal unsealedCharges, int ratedLines, Currency currency)
    {
        var unit = MinorUnit(currency);
        var counted = Math.Floor(unsealedCharges / unit) * unit - (ratedLines + 1) * unit;
        return counted > 0 ? new Money(counted, currency) : Money.Zero(currency);
    }

    public static decimal MinorUnit(Currency currency)
    {
        var unit = 1m;
        for (var i = 0; i < currency.MinorUnits; i++) unit /= 10m;
        return unit;
    }

    /// <summary>
    /// The estimate as a charge the draw decision takes like any other: its own meter and price key,
    /// so it never merges with a rated line.
    /// </summary>
    private static ChargeLine EstimateLine(Money amount) =>
        new("Metered, not yet rated", "gpu-time", "standing-estimate", 1m, "estimate", amount, amount,
            new ChargeLineage("standing-estimate", 0, null, []));
}
