using GpuBilling.ServiceDefaults;
using Marten;

namespace Invoicing.BillingAccounts;

public static class BillingAccountsRegistration
{
    /// <summary>Accounts are listed from their views; their terms leave as `BillingTermsSet` from the account streams.</summary>
    public static IHostApplicationBuilder AddBillingAccounts(
        this IHostApplicationBuilder builder, MartenServiceCollectionExtensions.MartenConfigurationExpression store)
    {
        store.AddSubscriptionWithServices<BillingTermsPublisher>(ServiceLifetime.Singleton);
        builder.Services.AddMissingStreamViews<BillingAccountView>(view => view.TenantId);
        return builder;
    }
}
