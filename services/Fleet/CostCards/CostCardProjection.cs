using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Fleet.CostCards;

/// <summary>Marten keeps <see cref="CostCard"/> inline with the card's own fold, so publishing decides against exactly what <see cref="CostCard.From"/> gives.</summary>
public sealed class CostCardProjection : SingleStreamProjection<CostCard, string>
{
    // Only cost card streams: a node's events must cost the projection nothing.
    public CostCardProjection() => IncludeType<CostCardVersionPublished>();

    public override CostCard? Evolve(CostCard? card, string id, IEvent e) =>
        e.Data is CostCardVersionPublished published ? CostCard.Evolve(card, published) : card;
}
