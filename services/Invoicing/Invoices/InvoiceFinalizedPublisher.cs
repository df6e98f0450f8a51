using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Metering.Contracts;

namespace Invoicing.Invoices;

/// <summary>
/// Tells other services (webhooks) that an invoice was finalized, as <see cref="InvoiceFinalizedNotice"/>.
/// A Marten subscription publishes before it stores its progress, so a crash can publish a page
/// again but never skip one (no dual write); the notice carries the event's id for consumers to deduplicate.
/// </summary>
public sealed class InvoiceFinalizedPublisher : SubscriptionBase
{
    private readonly IBus _bus;

    public InvoiceFinalizedPublisher(IBus bus)
    {
        _bus = bus;
        Name = "invoice-finalized-publisher";
        IncludeType<InvoiceFinalized>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var notices = page.Events
            .Where(e => e.Data is InvoiceFinalized)
            .Select(e => Of(e.Id, (InvoiceFinalized)e.Data))
            .ToList();
        await Task.WhenAll(notices.Select(n => _bus.Publish(n, cancellationToken)));
        return NullChangeListener.Instance;
    }

    public static InvoiceFinalizedNotice Of(Guid eventId, InvoiceFinalized finalized) => new()
    {
        EventId = eventId,
        InvoiceId = finalized.InvoiceId,
        TenantId = finalized.TenantId,
        InvoiceNumber = finalized.InvoiceNumber,
        PeriodStart = finalized.Period.LocalStart,
        PeriodEnd = finalized.Period.LocalEnd,
        Currency = finalized.Total.Currency.Code,
        Subtotal = finalized.Subtotal.Amount,
        Tax = finalized.Tax.Amount,
        Total = finalized.Total.Amount,
        IssueDate = finalized.IssueDate,
        DueDate = finalized.DueDate,
        FinalizedAt = finalized.OccurredAt,
    };
}
