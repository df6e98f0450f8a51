using GpuBilling.Periods;
using Invoicing.BillingAccounts;

namespace Invoicing.Periods;

/// <summary>A billing account's periods: cut in its zone from its anchor day.</summary>
public static class AccountPeriods
{
    extension(BillingPeriod)
    {
        public static BillingPeriod Containing(DateTimeOffset instant, BillingAccount account) =>
            BillingPeriod.Containing(instant, account.TimeZone, account.AnchorDay);
    }

    extension(BillingPeriod period)
    {
        public BillingPeriod Next(BillingAccount account) => period.Next(account.TimeZone, account.AnchorDay);

        public BillingPeriod Previous(BillingAccount account) => period.Previous(account.TimeZone, account.AnchorDay);

        public bool IsPeriodOf(BillingAccount account) => period.IsPeriodOf(account.TimeZone, account.AnchorDay);
    }
}
