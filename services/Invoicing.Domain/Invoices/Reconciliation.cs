using System.Globalization;
using System.Text.Json.Serialization;
using Metering.Contracts;

namespace Invoicing.Invoices;

/// <summary>
/// The completeness check for one tenant and period, over the two hops that can lose usage
/// unseen (each runs on a subscription or an async projection, so a skipped event or a dropped
/// message shows up here as a difference instead of on a customer's desk). Each hop is compared
/// in the unit both its sides know:
/// <list type="bullet">
/// <item>metered GPU-seconds: the usage ledger (invoicing's own tally of it) against what pricing
/// accrued and rated, before increments and minimums;</item>
/// <item>billable GPU-seconds: what pricing's rating bills against what the invoice's own GPU-time
/// lines charge, each line carrying its seconds in its lineage (a graduated tier splits one price
/// key over several lines; fees, reserved GPUs and commitments charge no GPU-seconds).</item>
/// </list>
/// Any difference holds the invoice.
/// </summary>
/// <param name="RatedBillableGpuSeconds">Null only in checks made before billable seconds were reconciled.</param>
/// <param name="InvoicedBillableGpuSeconds">Null only in checks made before billable seconds were reconciled.</param>
public sealed record Reconciliation(
    decimal LedgerGpuSeconds,
    decimal RatedGpuSeconds,
    decimal? RatedBillableGpuSeconds,
    decimal? InvoicedBillableGpuSeconds)
{
    /// <summary>Pricing's name of the GPU-time meter, as its charges carry it.</summary>
    private const string GpuTimeMeter = "gpu-time";

    /// <summary>
    /// What checks made before billable seconds were reconciled compared with rating: the metered
    /// seconds the draft stated, a copy of rating's own figure that could never disagree with it.
    /// Null since; kept so those checks' events read, and hash, as they were stored.
    /// </summary>
    public decimal? InvoicedGpuSeconds { get; init; }

    /// <summary>
    /// The check of a period: the ledger's GPU-seconds, the period's latest rating (none yet: all
    /// zero) and the charges the invoice will be finalized with.
    /// </summary>
    public static Reconciliation Of(decimal ledgerGpuSeconds, PeriodRated? rated, IEnumerable<ChargeLine> invoiced) => new(
        ledgerGpuSeconds,
        rated?.MeteredGpuSeconds ?? 0,
        rated?.BillableGpuSeconds ?? 0,
        invoiced.Where(c => c.Meter == GpuTimeMeter).Sum(c => c.Lineage.MeterQuantity ?? 0));

    [JsonIgnore]
    public bool IsComplete => LedgerGpuSeconds == RatedGpuSeconds && RatedBillableGpuSeconds == InvoicedBillableGpuSeconds;

    /// <summary>The check in words: each hop that disagrees, measured from its source (the ledger, then rating).</summary>
    public string Describe()
    {
        if (IsComplete)
            return $"ledger and rating agree on {Number(LedgerGpuSeconds)} metered GPU-seconds, " +
                   $"rating and invoice on {Number(RatedBillableGpuSeconds ?? 0)} billable GPU-seconds";

        var mismatches = new List<string>();
        if (LedgerGpuSeconds != RatedGpuSeconds)
            mismatches.Add($"the usage ledger holds {Number(LedgerGpuSeconds)} GPU-seconds, rating {Difference(RatedGpuSeconds, LedgerGpuSeconds)}");
        if (RatedBillableGpuSeconds != InvoicedBillableGpuSeconds)
            mismatches.Add($"rating bills {Number(RatedBillableGpuSeconds ?? 0)} GPU-seconds, " +
                           $"the invoice's GPU-time lines {Difference(InvoicedBillableGpuSeconds ?? 0, RatedBillableGpuSeconds ?? 0)}");
        return string.Join("; ", mismatches);
    }

    private static string Difference(decimal value, decimal source) => $"{Number(value)} ({Number(value - source, signed: true)})";

    private static string Number(decimal value, bool signed = false) =>
        (signed && value > 0 ? "+" : "") + value.ToString("0.############", CultureInfo.InvariantCulture);
}
