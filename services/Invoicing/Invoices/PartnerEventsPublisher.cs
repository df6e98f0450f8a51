using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;

namespace Invoicing.Invoices;

/// <summary>
/// Publishes <see cref="PartnerEvents"/> for webhooks. A Marten subscription publishes before it
/// stores its progress, so a crash can publish a page again but never skip one (no dual write);
/// each event carries a stable id for consumers to deduplicate.
/// </summary>
public sealed class PartnerEventsPublisher : SubscriptionBase
{
    private readonly IBus _bus;

    public PartnerEventsPublisher(IBus bus)
    {
        _bus = bus;
        Name = "partner-events-publisher";
        IncludeType<InvoiceFinalized>();
        IncludeType<InvoiceVoided>();
        IncludeType<CreditNoteIssued>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        await Task.WhenAll(page.Events.SelectMany(PartnerEvents.Of).Select(e => _bus.Publish(e, cancellationToken)));
        return NullChangeListener.Instance;
    }
}
