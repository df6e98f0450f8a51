using System.Diagnostics.CodeAnalysis;

namespace Fleet.CostCards;

/// <summary>The key of a supplier's cost card stream, "cost-card:{supplierId}", apart from a node's (<see cref="Inventory.NodeKey"/>).</summary>
public readonly record struct CostCardKey(string SupplierId)
{
    private const string Prefix = "cost-card:";

    public override string ToString() => Prefix + SupplierId;

    public static bool TryParse([NotNullWhen(true)] string? key, out CostCardKey parsed)
    {
        parsed = key is not null && key.StartsWith(Prefix, StringComparison.Ordinal) && key.Length > Prefix.Length ? new CostCardKey(key[Prefix.Length..]) : default;
        return parsed.SupplierId is not null;
    }
}
