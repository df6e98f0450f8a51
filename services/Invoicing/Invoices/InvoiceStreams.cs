using System.Globalization;
using Invoicing.BillingAccounts;
using Invoicing.Periods;
using GpuBilling.Periods;

namespace Invoicing.Invoices;

/// <summary>One invoice stream per tenant per billing period: the books of a period are closed on their own short stream.</summary>
public static class InvoiceStreams
{
    /// <summary>"acme@2025-03-01": the tenant and the local date its period starts on.</summary>
    public static string KeyFor(string tenantId, BillingPeriod period) =>
        $"{tenantId}@{period.LocalStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The tenant whose books a stream key of invoicing's holds: "acme" of "acme@2025-03-01" (an
    /// invoice) and of "acme" (its account). Billing accounts refuse a tenant id with '@'.
    /// </summary>
    public static string TenantOf(string streamKey) => streamKey.LastIndexOf('@') is var at and > 0 ? streamKey[..at] : streamKey;

    /// <summary>When the period closer finalizes: the period's end plus the account's grace for late usage.</summary>
    public static DateTimeOffset ClosesAt(BillingPeriod period, BillingAccount account) => period.End + account.GracePeriod;
}
