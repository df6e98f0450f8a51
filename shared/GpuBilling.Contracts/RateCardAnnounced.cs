namespace Metering.Contracts;

/// <summary>
/// A version of a rate card was published in pricing. Published for every version, from the card
/// streams' own events, so another service learns which cards exist and the currency each prices
/// in (fixed by its first version) without reading pricing's tables: invoicing refuses a billing
/// account that names a card it has not been told of, or one in another currency.
/// </summary>
/// <remarks>Published contract: MassTransit routes by full type name, so evolve it additively.</remarks>
public sealed record RateCardAnnounced
{
    public required string RateCardId { get; init; }

    /// <summary>1, 2, 3, ... in the order published; a card is announced again with each.</summary>
    public required int Version { get; init; }

    /// <summary>ISO 4217, the same for every version of the card.</summary>
    public required string Currency { get; init; }

    public required DateTimeOffset EffectiveFrom { get; init; }

    public required DateTimeOffset PublishedAt { get; init; }
}
