using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Metering.Contracts;
using Metering.ServiceDefaults;
using Npgsql;

namespace Invoicing.BillingAccounts;

/// <summary>
/// Tells pricing each account's terms as <see cref="BillingTermsSet"/> whenever an account is
/// opened or changed. Appending the event and then publishing would be a dual write (a crash
/// between the two loses the message); a Marten subscription publishes first and stores its
/// progress after, so a crash can only publish again, which the stream version lets pricing ignore.
/// </summary>
public sealed class BillingTermsPublisher : SubscriptionBase
{
    private readonly IBus _bus;

    public BillingTermsPublisher(IBus bus)
    {
        _bus = bus;
        Name = "billing-terms-publisher";
        IncludeType<BillingAccountOpened>();
        IncludeType<BillingAccountChanged>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var messages = page.Events
            .Where(e => e.Data is BillingAccountEvent)
            .Select(e => Of(e.Version, (BillingAccountEvent)e.Data))
            .ToList();
        await Task.WhenAll(messages.Select(m => _bus.Publish(m, cancellationToken)));
        return NullChangeListener.Instance;
    }

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
