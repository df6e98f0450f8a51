using Metering.Contracts;
using Pricing.Accrual;
using Pricing.RateCards;

namespace Pricing.Rating;

/// <summary>What pricing tells invoicing of a billing period: its totals so far, rated by its card.</summary>
public static class RatedPeriods
{
    /// <summary>The period's totals rated by its card; amounts exact and unrounded.</summary>
    /// <param name="rounded">Its allocations' seconds under the versions that count time per allocation (<see cref="PeriodUsage.Totals"/>).</param>
    public static PeriodRated Of(PeriodUsage usage, IEnumerable<AllocationSeconds> rounded, RateCard card, DateTimeOffset ratedAt)
    {
        var totals = usage.Totals(card, rounded);
        return new PeriodRated
        {
            TenantId = usage.TenantId,
            PeriodStart = usage.PeriodStart,
            PeriodEnd = usage.PeriodEnd,
            AccrualStream = usage.Id,
            TotalsVersion = usage.StreamVersion,
            RateCardId = card.Id,
            CurrencyCode = card.Currency.Code,
            MeteredGpuSeconds = usage.MeteredGpuSeconds,
            BillableGpuSeconds = totals.Of(Meters.GpuTime),
            LedgerEvents = usage.LedgerEvents,
            FirstSecond = usage.FirstSecond,
            LastSecond = usage.LastSecond,
            Charges = [.. PeriodRating.Rate(totals, card).Select(ChargeOf)],
            RatedAt = ratedAt,
        };
    }

    private static RatedCharge ChargeOf(ChargeLine line) => new(
        line.Description,
        line.Meter,
        line.PriceKey?.ToString(),
        line.PriceKey?.GpuModel,
        line.Kind,
        line.Tier,
        line.RateCardId,
        line.RateCardVersion,
        line.Quantity,
        line.Unit,
        line.UnitPrice.Amount,
        line.Amount.Amount,
        line.MeterQuantity);
}
