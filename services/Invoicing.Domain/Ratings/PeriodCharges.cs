using System.Text.Json.Serialization;
using GpuBilling.Money;
using Invoicing.Invoices;
using Metering.Contracts;

namespace Invoicing.Ratings;

/// <summary>
/// The latest rating of one tenant's period, as pricing last sent it: the running draft. Pricing
/// rates a busy tenant every few seconds, so appending each rating to the invoice stream would make
/// that stream long; this document is replaced instead, and the period closer appends the charges
/// to the invoice once, when it closes the period (and late usage later compares against it).
/// </summary>
public sealed record PeriodCharges(string Id, PeriodRated Rated)
{
    [JsonIgnore]
    public long TotalsVersion => Rated.TotalsVersion;

    /// <summary>"acme@2025-03-01T05:00Z": the tenant and the UTC instant its period starts, which every message names without knowing the account's zone.</summary>
    public static string KeyFor(string tenantId, DateTimeOffset periodStart) =>
        $"{tenantId}@{periodStart.UtcDateTime:yyyy-MM-dd'T'HH:mm}Z";

    /// <summary>
    /// The charges as invoice inputs, unrounded. A charge no meter measures (reserved GPUs, a
    /// commitment) is named by its kind, and priced per GPU model where it has one (reserved GPUs),
    /// else per kind, so two such charges are never taken for the same charge when late usage
    /// compares a period's ratings. The lineage names the accrual stream and its version rather
    /// than ledger ranges: see <see cref="ChargeLineage.AccrualStream"/>.
    /// </summary>
    public IReadOnlyList<ChargeLine> ChargeLines()
    {
        var currency = Currency.Of(Rated.CurrencyCode);
        return
        [
            .. Rated.Charges.Select(c => new ChargeLine(
                c.Description,
                c.Meter ?? c.Kind,
                c.PriceKey ?? c.GpuModel ?? c.Kind,
                c.Quantity,
                c.Unit,
                new Money(c.UnitPrice, currency),
                new Money(c.Amount, currency),
                new ChargeLineage(c.RateCardId, c.RateCardVersion, c.GpuModel, [], Rated.AccrualStream, Rated.TotalsVersion, c.MeterQuantity))),
        ];
    }
}
