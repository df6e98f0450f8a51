using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using GpuBilling.Periods;

namespace Invoicing.Invoices;

/// <summary>
/// The key of one invoice stream: one tenant, one billing period (the books of a period are closed
/// on their own short stream), stored as "acme@2025-03-01", the local date the period starts on.
/// Invoice and account streams share one event store with string keys; typed keys keep an
/// invoice's key from ever being taken for an account's (<see cref="BillingAccounts.AccountKey"/>).
/// </summary>
public readonly record struct InvoiceKey(string TenantId, DateOnly PeriodStart)
{
    private const string DateFormat = "yyyy-MM-dd";

    public static InvoiceKey Of(string tenantId, BillingPeriod period) => new(tenantId, period.LocalStart);

    /// <summary>
    /// Reads a stored key or one a request names. The tenant is what precedes the last '@': billing
    /// accounts refuse tenant ids with '@', so it is unambiguous.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out InvoiceKey key)
    {
        key = default;
        var at = text?.LastIndexOf('@') ?? -1;
        if (at <= 0 || !DateOnly.TryParseExact(text![(at + 1)..], DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            return false;
        key = new InvoiceKey(text[..at], start);
        return true;
    }

    /// <summary>A key read from what invoicing stored itself (an event's invoice id): never malformed.</summary>
    public static InvoiceKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException($"'{text}' is not an invoice stream key (acme@2025-03-01).");

    public override string ToString() => $"{TenantId}@{PeriodStart.ToString(DateFormat, CultureInfo.InvariantCulture)}";
}
