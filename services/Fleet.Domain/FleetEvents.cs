using Fleet.CostCards;
using Fleet.Inventory;

namespace Fleet;

/// <summary>The fleet's schema and the events its streams hold: a stream per registered node and per supplier's cost card.</summary>
public static class FleetEvents
{
    public const string Schema = "fleet";

    public static IReadOnlyList<Type> Types { get; } = [typeof(NodeVersionRegistered), typeof(CostCardVersionPublished)];
}
