using JasperFx.Events;

namespace Pricing.RateCards;

/// <summary>A stream per rate card, keyed by its id, holding only <see cref="RateCardVersionPublished"/>.</summary>
public static class RateCardStreams
{
    public static RateCard? CardOf(IEnumerable<IEvent> stream) => RateCard.From(stream.Select(e => (RateCardVersionPublished)e.Data));
}
