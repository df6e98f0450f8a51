using System.Diagnostics.CodeAnalysis;

namespace Fleet.Inventory;

/// <summary>
/// The key of a node's inventory stream, "node:{nodeId}". The prefix keeps it apart from a cost
/// card's (<see cref="CostCards.CostCardKey"/>) in the fleet's one event store; ids hold no ':'.
/// </summary>
public readonly record struct NodeKey(string NodeId)
{
    private const string Prefix = "node:";

    public override string ToString() => Prefix + NodeId;

    public static bool TryParse([NotNullWhen(true)] string? key, out NodeKey parsed)
    {
        parsed = key is not null && key.StartsWith(Prefix, StringComparison.Ordinal) && key.Length > Prefix.Length ? new NodeKey(key[Prefix.Length..]) : default;
        return parsed.NodeId is not null;
    }
}
