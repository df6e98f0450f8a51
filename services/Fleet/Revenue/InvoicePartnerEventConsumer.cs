using GpuBilling.Messaging;
using Marten;
using MassTransit;
using Metering.Contracts;

namespace Fleet.Revenue;

/// <summary>
/// Reads what invoicing already tells partners: a finalized invoice (its period's figures become the
/// invoice's, and its promotional credit a line of its own) and each credit note. Every other partner
/// event is acknowledged and dropped. The event's id is kept in the invoice's document, so a
/// redelivery adds nothing, and the claim and the change commit together.
/// </summary>
public sealed class InvoicePartnerEventConsumer(IDocumentStore store) : IConsumer<PartnerEvent>
{
    public async Task Consume(ConsumeContext<PartnerEvent> context)
    {
        if (InvoiceRevenue.InvoiceIdOf(context.Message) is not { } invoiceId) return;
        await using var session = store.LightweightSession();
        var before = await session.LoadAsync<InvoiceRevenue>(invoiceId, context.CancellationToken);
        var after = InvoiceRevenue.Evolve(before, context.Message);
        if (ReferenceEquals(before, after)) return;
        session.StoreEvolved(before, after);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed class InvoicePartnerEventConsumerDefinition() : WorkQueue<InvoicePartnerEventConsumer>(QueueName)
{
    public const string QueueName = "fleet-partner-events";
}
