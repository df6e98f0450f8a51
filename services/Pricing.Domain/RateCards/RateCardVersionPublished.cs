using GpuBilling.HashChains;

namespace Pricing.RateCards;

/// <summary>
/// A new version of a rate card takes effect at <see cref="EffectiveFrom"/>. The first version
/// creates the card and fixes its currency. Versions only ever start in the future and after
/// the latest one, so no usage already rated can fall under a version published later.
/// Chained to the previous version of its card.
/// </summary>
/// <param name="RateCardId">The stream: one per rate card.</param>
/// <param name="Version">1, 2, 3, ... in the order published.</param>
/// <param name="Currency">ISO 4217 code of every amount in <paramref name="Terms"/>.</param>
public sealed record RateCardVersionPublished(
    string RateCardId,
    int Version,
    string Currency,
    DateTimeOffset EffectiveFrom,
    RateCardTerms Terms,
    DateTimeOffset PublishedAt,
    string PublishedBy) : ChainedEvent;
