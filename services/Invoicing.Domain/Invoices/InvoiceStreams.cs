using GpuBilling.Periods;
using Invoicing.BillingAccounts;

namespace Invoicing.Invoices;

public static class InvoiceStreams
{
    /// <summary>When the period closer finalizes: the period's end plus the account's grace for late usage.</summary>
    public static DateTimeOffset ClosesAt(BillingPeriod period, BillingAccount account) => period.End + account.GracePeriod;
}
