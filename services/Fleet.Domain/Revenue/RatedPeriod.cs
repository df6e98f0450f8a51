using System.Globalization;
using Metering.Contracts;

namespace Fleet.Revenue;

/// <summary>
/// The newest rating the fleet has of one tenant's billing period, as pricing publishes it: totals
/// only grow, so the highest <see cref="TotalsVersion"/> says everything and an older or repeated
/// message changes nothing. Charges are exact and unrounded.
/// </summary>
/// <param name="Id">"{tenant}@{periodStart UTC}": a period is one tenant's, starting at one instant.</param>
public sealed record RatedPeriod(
    string Id, string TenantId, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, long TotalsVersion, string Currency, IReadOnlyList<RatedCharge> Charges)
{
    public static string KeyOf(string tenantId, DateTimeOffset periodStart) =>
        $"{tenantId}@{periodStart.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)}Z";

    public static RatedPeriod Evolve(RatedPeriod? known, PeriodRated rated) =>
        known is not null && known.TotalsVersion >= rated.TotalsVersion
            ? known
            : new RatedPeriod(KeyOf(rated.TenantId, rated.PeriodStart), rated.TenantId, rated.PeriodStart.ToUniversalTime(),
                rated.PeriodEnd.ToUniversalTime(), rated.TotalsVersion, rated.CurrencyCode, rated.Charges);

    /// <summary>
    /// Whether an invoice of this tenant whose period starts on local date <paramref name="localStart"/>
    /// is this period's. Invoicing names a period by its local start date and pricing by the UTC instant
    /// of that local midnight; every zone's offset lies between -12 and +14 hours, and periods are
    /// weeks long, so exactly one period of the tenant starts within that reach of the date.
    /// </summary>
    public bool IsInvoicedAs(string tenantId, DateOnly localStart)
    {
        var midnight = new DateTimeOffset(localStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return string.Equals(TenantId, tenantId, StringComparison.Ordinal)
            && PeriodStart >= midnight.AddHours(-14) && PeriodStart <= midnight.AddHours(12);
    }
}
