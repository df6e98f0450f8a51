using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Fleet.Inventory;

/// <summary>Marten keeps <see cref="FleetNode"/> inline with the node's own fold, so registering decides against exactly what <see cref="FleetNode.From"/> gives.</summary>
public sealed class FleetNodeProjection : SingleStreamProjection<FleetNode, string>
{
    // Only node streams: a cost card's events must cost the projection nothing.
    public FleetNodeProjection() => IncludeType<NodeVersionRegistered>();

    public override FleetNode? Evolve(FleetNode? node, string id, IEvent e) =>
        e.Data is NodeVersionRegistered registered ? FleetNode.Evolve(node, registered) : node;
}
