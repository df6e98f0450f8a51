using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Pricing.RateCards;

/// <summary>When one version of a rate card takes effect, and when it was published.</summary>
public sealed record RateCardVersionDates(int Version, DateTimeOffset EffectiveFrom, DateTimeOffset PublishedAt);

/// <summary>A rate card as operators list it: its currency and the dates of its versions, without terms.</summary>
public sealed record RateCardSummary(string Id, string Currency, int LatestVersion, IReadOnlyList<RateCardVersionDates> Versions);

/// <summary>
/// Keeps a <see cref="RateCardSummary"/> per card stream, inline (in the transaction that publishes a
/// version), so cards are listed without reading every stream: pricing's event store holds the
/// accrual streams too. Evolve is written out because this project drops Marten's event source
/// generator (see Pricing.csproj), which conventional Create/Apply methods need.
/// </summary>
public sealed class RateCardSummaryProjection : SingleStreamProjection<RateCardSummary, string>
{
    // Only card streams: an accrual stream's events must cost the projection nothing.
    public RateCardSummaryProjection() => IncludeType<RateCardVersionPublished>();

    public override RateCardSummary? Evolve(RateCardSummary? card, string id, IEvent e) => e.Data switch
    {
        RateCardVersionPublished published when card is null =>
            new RateCardSummary(published.RateCardId, published.Currency, published.Version, [DatesOf(published)]),
        RateCardVersionPublished published =>
            card with { LatestVersion = published.Version, Versions = [.. card.Versions, DatesOf(published)] },
        _ => card,
    };

    private static RateCardVersionDates DatesOf(RateCardVersionPublished published) =>
        new(published.Version, published.EffectiveFrom, published.PublishedAt);
}

/// <summary>A page of rate cards in id order; <see cref="Next"/> reads the one after it and is null on the last.</summary>
public sealed record RateCardPage(IReadOnlyList<RateCardSummary> RateCards, string? Next);
