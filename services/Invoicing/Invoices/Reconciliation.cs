using System.Globalization;
using System.Text.Json.Serialization;

namespace Invoicing.Invoices;

/// <summary>
/// The completeness check for one tenant and period: GPU-seconds in the usage ledger, in rating,
/// and on the draft. Every hop between them runs on a subscription or an async projection, so a
/// skipped event or a dropped message shows up here as a difference instead of on a customer's
/// desk; any difference holds the invoice.
/// </summary>
public sealed record Reconciliation(decimal LedgerGpuSeconds, decimal RatedGpuSeconds, decimal InvoicedGpuSeconds)
{
    [JsonIgnore]
    public bool IsComplete => LedgerGpuSeconds == RatedGpuSeconds && RatedGpuSeconds == InvoicedGpuSeconds;

    /// <summary>The difference in words, measured from the ledger (the source of truth for what was used).</summary>
    public string Describe() =>
        IsComplete
            ? $"ledger, rating and invoice agree on {Number(LedgerGpuSeconds)} GPU-seconds"
            : $"the usage ledger holds {Number(LedgerGpuSeconds)} GPU-seconds, rating {Number(RatedGpuSeconds)}{Against(RatedGpuSeconds)}, " +
              $"the invoice {Number(InvoicedGpuSeconds)}{Against(InvoicedGpuSeconds)}";

    private string Against(decimal value) =>
        value == LedgerGpuSeconds ? "" : $" ({Number(value - LedgerGpuSeconds, signed: true)})";

    private static string Number(decimal value, bool signed = false) =>
        (signed && value > 0 ? "+" : "") + value.ToString("0.############", CultureInfo.InvariantCulture);
}
