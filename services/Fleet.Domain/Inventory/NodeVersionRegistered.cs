using GpuBilling.HashChains;

namespace Fleet.Inventory;

/// <summary>
/// A node's record from <see cref="EffectiveFrom"/> on, until the next version's or
/// <see cref="Until"/>, whichever comes first: where it stands, whom its GPUs are rented from
/// (<see cref="SupplierId"/>, the operator's own id for GPUs it owns) and which GPUs it holds. The
/// first version registers the node. Chained to the previous version of its node.
/// </summary>
/// <param name="Until">When the node stops being held (a lease ends, it is retired); null while it is.</param>
public sealed record NodeVersionRegistered(
    string NodeId,
    int Version,
    DateTimeOffset EffectiveFrom,
    DateTimeOffset? Until,
    string Site,
    string SupplierId,
    IReadOnlyList<HeldGpus> Gpus,
    DateTimeOffset RegisteredAt,
    string RegisteredBy) : ChainedEvent;
