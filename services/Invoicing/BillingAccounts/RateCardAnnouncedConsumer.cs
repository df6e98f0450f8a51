using GpuBilling.Messaging;
using Marten;
using MassTransit;
using Metering.Contracts;

namespace Invoicing.BillingAccounts;

/// <summary>
/// Keeps the rate cards pricing announced, for accounts to be checked against. A card's currency never
/// changes and a card is never withdrawn, so any version announced, in any order or again, stores the same.
/// </summary>
public sealed class RateCardAnnouncedConsumer(IDocumentStore store) : IConsumer<RateCardAnnounced>
{
    public async Task Consume(ConsumeContext<RateCardAnnounced> context)
    {
        await using var session = store.LightweightSession();
        session.Store(new KnownRateCard(context.Message.RateCardId, context.Message.Currency));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed class RateCardAnnouncedConsumerDefinition() : WorkQueue<RateCardAnnouncedConsumer>(QueueName)
{
    public const string QueueName = "invoicing-rate-card-announced";
}
