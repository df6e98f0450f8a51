using GpuBilling.Messaging;
using Marten;
using MassTransit;
using Metering.Contracts;
using Webhooks.Subscriptions;

namespace Webhooks.Deliveries;

/// <summary>
/// Makes one delivery per subscription of the event's tenant that wants its type, all in one
/// transaction. A delivery's id comes from the event and the subscription, so a redelivered event
/// finds its deliveries and adds none; the check and the inserts commit together, and two consumers
/// racing on the same event collide on the key and the loser's retry finds them made.
/// </summary>
public sealed class PartnerEventConsumer(IDocumentStore store, TimeProvider clock) : IConsumer<PartnerEvent>
{
    public async Task Consume(ConsumeContext<PartnerEvent> context)
    {
        var partnerEvent = context.Message;
        var cancellationToken = context.CancellationToken;
        await using var session = store.LightweightSession();
        var subscriptions = (await session.Query<WebhookSubscription>()
                .Where(s => s.TenantId == partnerEvent.TenantId)
                .ToListAsync(cancellationToken))
            .Where(s => s.Wants(partnerEvent.Type))
            .ToList();
        if (subscriptions.Count == 0) return;

        var payload = WebhookPayload.Of(partnerEvent);
        var now = clock.GetUtcNow();
        // A disabled subscription gets its deliveries too: they fail at once with the reason, and can be replayed once it is enabled.
        var deliveries = subscriptions
            .Select(s => WebhookDelivery.Create(partnerEvent.EventId, partnerEvent.Type, s.Id, s.TenantId, payload, now))
            .ToList();
        var made = (await session.LoadManyAsync<WebhookDelivery>(cancellationToken, deliveries.Select(d => d.Id).ToArray()))
            .Select(d => d.Id)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var delivery in deliveries.Where(d => !made.Contains(d.Id))) session.Insert(delivery);
        await session.SaveChangesAsync(cancellationToken);
    }
}

public sealed class PartnerEventConsumerDefinition() : WorkQueue<PartnerEventConsumer>(QueueName)
{
    public const string QueueName = "webhooks-partner-events";
}
