using Metering.Contracts;

namespace Invoicing.BillingAccounts;

/// <summary>
/// The terms pricing is told of an account (<see cref="BillingTermsSet"/>), from the event that
/// opened or changed it: what invoicing's publisher sends and what the auditor recomputes accruals with.
/// </summary>
public static class BillingTerms
{
    public static BillingTermsSet Of(long streamVersion, BillingAccountEvent @event)
    {
        var account = @event switch
        {
            BillingAccountOpened opened => opened.Account,
            BillingAccountChanged changed => changed.Account,
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Only an opened or changed account sets terms."),
        };
        return new BillingTermsSet
        {
            TenantId = account.TenantId,
            AccountVersion = streamVersion,
            TimeZoneId = account.TimeZoneId,
            AnchorDay = account.AnchorDay,
            CurrencyCode = account.CurrencyCode,
            RateCardId = account.RateCardId,
            OccurredAt = @event.OccurredAt,
        };
    }
}
