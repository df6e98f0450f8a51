using GpuBilling.Messaging;
using Invoicing.Standing;
using JasperFx.Events;
using Marten;
using MassTransit;
using Metering.Contracts;

namespace Invoicing.Invoices;

/// <summary>Publishes <see cref="PartnerEvents"/> and <see cref="StandingPartnerEvents"/> for webhooks, each with a stable id for consumers to deduplicate.</summary>
public sealed class PartnerEventsPublisher : PublishingSubscription<PartnerEvent>
{
    public PartnerEventsPublisher(IBus bus) : base(bus)
    {
        Name = "partner-events-publisher";
        IncludeType<InvoiceFinalized>();
        IncludeType<InvoiceVoided>();
        IncludeType<CreditNoteIssued>();
        foreach (var type in StandingPartnerEvents.Sources) IncludeType(type);
    }

    protected override Task<IReadOnlyList<PartnerEvent>> MessagesOfAsync(
        IReadOnlyList<IEvent> events, IQuerySession operations, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PartnerEvent>>([.. events.SelectMany(e => PartnerEvents.Of(e).Concat(StandingPartnerEvents.Of(e)))]);
}
