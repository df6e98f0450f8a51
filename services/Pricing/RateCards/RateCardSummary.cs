namespace Pricing.RateCards;

/// <summary>When one version of a rate card takes effect, and when it was published.</summary>
public sealed record RateCardVersionDates(int Version, DateTimeOffset EffectiveFrom, DateTimeOffset PublishedAt);

/// <summary>
/// A rate card as operators list it: its currency and the dates of its versions, without terms.
/// Kept by an inline projection of the card's stream, so cards can be listed without reading every
/// stream (pricing's event store holds accrual streams beside them).
/// </summary>
public sealed record RateCardSummary(string Id, string Currency, int LatestVersion, IReadOnlyList<RateCardVersionDates> Versions)
{
    public static RateCardSummary Create(RateCardVersionPublished published) =>
        new(published.RateCardId, published.Currency, published.Version, [DatesOf(published)]);

    public static RateCardSummary Apply(RateCardVersionPublished published, RateCardSummary card) =>
        card with { LatestVersion = published.Version, Versions = [.. card.Versions, DatesOf(published)] };

    private static RateCardVersionDates DatesOf(RateCardVersionPublished published) =>
        new(published.Version, published.EffectiveFrom, published.PublishedAt);
}

/// <summary>A page of rate cards in id order; <see cref="Next"/> reads the one after it and is null on the last.</summary>
public sealed record RateCardPage(IReadOnlyList<RateCardSummary> RateCards, string? Next);
