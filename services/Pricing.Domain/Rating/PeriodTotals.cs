using Pricing.RateCards;

namespace Pricing.Rating;

/// <summary>
/// What one tenant accrued in one billing period, ready to rate: the only input money is
/// computed from. Built by <see cref="Accrual.PeriodUsage.Totals"/>.
/// </summary>
/// <param name="PeriodStart">Inclusive UTC instant the period starts (the tenant's local period start).</param>
/// <param name="PeriodEnd">Exclusive UTC instant it ends.</param>
/// <param name="RateCardId">The one rate card the tenant's usage in this period is priced by.</param>
public sealed record PeriodTotals(
    string TenantId,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    string RateCardId,
    IReadOnlyList<MeterTotal> Totals)
{
    /// <summary>The period's quantity of one meter, over every price key and version.</summary>
    public decimal Of(string meter) => Totals.Where(t => t.Meter == meter).Sum(t => t.Quantity);
}

/// <summary>
/// A period's quantity of one meter for one price key under one rate card version.
/// <see cref="Meters.GpuTime"/>: billable GPU-seconds, already through the version's increment
/// and minimum. <see cref="Meters.Energy"/>: joules.
/// </summary>
public sealed record MeterTotal(string Meter, PriceKey Key, int RateCardVersion, decimal Quantity);

/// <summary>The meters a rate card prices, by the names they carry in totals and lines.</summary>
public static class Meters
{
    /// <summary>Allocated GPU time, accrued in seconds and priced per GPU-hour.</summary>
    public const string GpuTime = "gpu-time";

    /// <summary>Energy from the power samples, accrued in joules and priced per kWh.</summary>
    public const string Energy = "energy";

    public static bool IsKnown(string? meter) => meter is GpuTime or Energy;
}
