using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Pricing.RateCards;

/// <summary>
/// Marten keeps <see cref="RateCard"/> inline with the card's own fold, so publishing and pricing
/// decide against exactly what <see cref="RateCard.From"/> gives for the stream. Written out
/// because this project drops Marten's event source generator (see Pricing.csproj).
/// </summary>
public sealed class RateCardProjection : SingleStreamProjection<RateCard, string>
{
    // Only card streams: an accrual stream's events must cost the projection nothing.
    public RateCardProjection() => IncludeType<RateCardVersionPublished>();

    public override RateCard? Evolve(RateCard? card, string id, IEvent e) =>
        e.Data is RateCardVersionPublished published ? RateCard.Evolve(card, published) : card;
}
