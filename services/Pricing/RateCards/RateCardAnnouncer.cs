using GpuBilling.Messaging;
using JasperFx.Events;
using Marten;
using MassTransit;
using Metering.Contracts;

namespace Pricing.RateCards;

/// <summary>
/// Announces every published rate card version as <see cref="RateCardAnnounced"/>, from the card
/// streams' events (no dual write). A new subscription starts at the first event, so cards published
/// before it existed are announced too.
/// </summary>
public sealed class RateCardAnnouncer : PublishingSubscription<RateCardAnnounced>
{
    public RateCardAnnouncer(IBus bus) : base(bus)
    {
        Name = "rate-card-announcer";
        IncludeType<RateCardVersionPublished>();
    }

    protected override Task<IReadOnlyList<RateCardAnnounced>> MessagesOfAsync(
        IReadOnlyList<IEvent> events, IQuerySession operations, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RateCardAnnounced>>(
        [
            .. events.Select(e => e.Data).OfType<RateCardVersionPublished>().Select(v => new RateCardAnnounced
            {
                RateCardId = v.RateCardId,
                Version = v.Version,
                Currency = v.Currency,
                EffectiveFrom = v.EffectiveFrom,
                PublishedAt = v.PublishedAt,
            }),
        ]);
}
