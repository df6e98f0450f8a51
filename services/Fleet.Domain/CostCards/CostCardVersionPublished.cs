using GpuBilling.HashChains;

namespace Fleet.CostCards;

/// <summary>
/// A new version of a supplier's cost card takes effect at <see cref="EffectiveFrom"/>. The first
/// version creates the card and fixes its currency. Chained to the previous version of its card.
/// </summary>
/// <param name="SupplierId">The stream: one card per supplier, which every node rented from it is costed by.</param>
public sealed record CostCardVersionPublished(
    string SupplierId,
    int Version,
    string Currency,
    DateTimeOffset EffectiveFrom,
    CostCardTerms Terms,
    DateTimeOffset PublishedAt,
    string PublishedBy) : ChainedEvent;
