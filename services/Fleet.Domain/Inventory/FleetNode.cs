using System.Text.Json.Serialization;
using GpuBilling.HashChains;

namespace Fleet.Inventory;

/// <summary>One version of a node's record, in force from <see cref="EffectiveFrom"/> until the next version's or its own <see cref="Until"/>.</summary>
public sealed record NodeVersion(int Number, DateTimeOffset EffectiveFrom, DateTimeOffset? Until, string Site, string SupplierId, IReadOnlyList<HeldGpus> Gpus)
{
    public HeldGpus? Holding(CostKey key) => Gpus.FirstOrDefault(g => g.Key == key);
}

/// <summary>
/// A registered node as its versions made it: what registering is decided against and what a
/// report of any period reads the node as it was from. Kept as an inline snapshot whose
/// <see cref="Id"/> is the stream's key (<see cref="NodeKey"/>), as Marten stores it.
/// </summary>
public sealed record FleetNode(string Id, string NodeId, IReadOnlyList<NodeVersion> Versions)
{
    public string LastHash { get; init; } = HashChain.Genesis;

    // Not named Create and Apply: Marten would take those for conventional projection methods.
    public static FleetNode Evolve(FleetNode? node, NodeVersionRegistered registered)
    {
        var version = new NodeVersion(registered.Version, registered.EffectiveFrom, registered.Until, registered.Site, registered.SupplierId, registered.Gpus);
        return node is null
            ? new FleetNode(new NodeKey(registered.NodeId).ToString(), registered.NodeId, [version]) { LastHash = registered.Hash }
            : node with { Versions = [.. node.Versions, version], LastHash = registered.Hash };
    }

    public static FleetNode? From(IEnumerable<NodeVersionRegistered> history) => history.Aggregate((FleetNode?)null, Evolve);

    [JsonIgnore]
    public NodeVersion Latest => Versions[^1];

    /// <summary>The version the node is held under at <paramref name="instant"/>; null before its first or after its <see cref="NodeVersion.Until"/>.</summary>
    public NodeVersion? HeldAt(DateTimeOffset instant)
    {
        for (var i = Versions.Count - 1; i >= 0; i--)
            if (Versions[i].EffectiveFrom <= instant)
                return Versions[i].Until is { } until && until <= instant ? null : Versions[i];
        return null;
    }

    /// <summary>The instants in [from, to) where what <see cref="HeldAt"/> answers may change.</summary>
    public IEnumerable<DateTimeOffset> ChangesWithin(DateTimeOffset from, DateTimeOffset to) =>
        Versions.SelectMany(v => v.Until is { } until ? [v.EffectiveFrom, until] : new[] { v.EffectiveFrom })
            .Where(t => t > from && t < to);
}
