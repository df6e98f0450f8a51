using Marten;
using MassTransit;
using Metering.Contracts;
using Metering.ServiceDefaults;
using Webhooks.Subscriptions;

namespace Webhooks.Deliveries;

/// <summary>
/// Makes one delivery per subscription of the invoice's tenant, all in one transaction. A
/// delivery's id comes from the event and the subscription, so a redelivered notice finds its
/// deliveries and adds none; the check and the inserts commit together, and two consumers racing
/// on the same notice collide on the key and the loser's retry finds them made.
/// </summary>
public sealed class InvoiceFinalizedConsumer(IDocumentStore store, TimeProvider clock) : IConsumer<InvoiceFinalizedNotice>
{
    public async Task Consume(ConsumeContext<InvoiceFinalizedNotice> context)
    {
        var notice = context.Message;
        var cancellationToken = context.CancellationToken;
        await using var session = store.LightweightSession();
        var subscriptions = (await session.Query<WebhookSubscription>()
                .Where(s => s.TenantId == notice.TenantId)
                .ToListAsync(cancellationToken))
            .Where(s => s.Wants(EventTypes.InvoiceFinalized))
            .ToList();
        if (subscriptions.Count == 0) return;

        var payload = InvoiceFinalizedPayload.Of(notice);
        var now = clock.GetUtcNow();
        // A disabled subscription gets its deliveries too: they fail at once with the reason, and can be replayed once it is enabled.
        var deliveries = subscriptions
            .Select(s => WebhookDelivery.Create(notice.EventId, EventTypes.InvoiceFinalized, s.Id, s.TenantId, payload, now))
            .ToList();
        var made = (await session.LoadManyAsync<WebhookDelivery>(cancellationToken, deliveries.Select(d => d.Id).ToArray()))
            .Select(d => d.Id)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var delivery in deliveries.Where(d => !made.Contains(d.Id))) session.Insert(delivery);
        await session.SaveChangesAsync(cancellationToken);
    }
}

public sealed class InvoiceFinalizedConsumerDefinition : ConsumerDefinition<InvoiceFinalizedConsumer>
{
    public const string QueueName = "webhooks-invoice-finalized";

    public InvoiceFinalizedConsumerDefinition()
    {
        EndpointName = QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<InvoiceFinalizedConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        consumerConfigurator.UseServiceRetries();
}
