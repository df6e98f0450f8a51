using System.Text.Json.Serialization;
using GpuBilling.HashChains;
using GpuBilling.Money;

namespace Pricing.RateCards;

/// <summary>One version of a rate card: its terms are in force from <see cref="EffectiveFrom"/> until the next version's.</summary>
public sealed record RateCardVersion(int Number, DateTimeOffset EffectiveFrom, RateCardTerms Terms);

/// <summary>
/// A rate card as its versions made it: what publishing is decided against and what usage is
/// priced by. Built from <see cref="RateCardVersionPublished"/> events only, and kept as an
/// inline snapshot (pricing's RateCardProjection) so neither reads the card's stream.
/// </summary>
public sealed record RateCard(string Id, Currency Currency, IReadOnlyList<RateCardVersion> Versions)
{
    /// <summary>The hash of the card's last published version: what the next one is chained to.</summary>
    public string LastHash { get; init; } = HashChain.Genesis;

    // Not named Create and Apply: Marten would take those for conventional projection methods
    // beside the projection's Evolve, and the fold is this type's Evolve alone.
    private static RateCard FirstVersion(RateCardVersionPublished published) =>
        new(published.RateCardId, Currency.Of(published.Currency), [VersionOf(published)]) { LastHash = published.Hash };

    private static RateCard NextVersion(RateCardVersionPublished published, RateCard card) =>
        card with { Versions = [.. card.Versions, VersionOf(published)], LastHash = published.Hash };

    /// <summary>Builds the card from its stream; null for a stream with no events.</summary>
    public static RateCard? From(IEnumerable<RateCardVersionPublished> history) =>
        history.Aggregate((RateCard?)null, Evolve);

    public static RateCard Evolve(RateCard? card, RateCardVersionPublished published) =>
        card is null ? FirstVersion(published) : NextVersion(published, card);

    [JsonIgnore]
    public RateCardVersion Latest => Versions[^1];

    /// <summary>The version in force at <paramref name="instant"/>: the last to take effect at or before it; null before the first.</summary>
    public RateCardVersion? VersionAt(DateTimeOffset instant)
    {
        // Versions are appended in EffectiveFrom order (publishing refuses anything else).
        for (var i = Versions.Count - 1; i >= 0; i--)
            if (Versions[i].EffectiveFrom <= instant) return Versions[i];
        return null;
    }

    public RateCardVersion Version(int number) =>
        number >= 1 && number <= Versions.Count
            ? Versions[number - 1]
            : throw new ArgumentOutOfRangeException(nameof(number), number, $"Rate card '{Id}' has no version {number}.");

    /// <summary>
    /// The version whose period-level terms (reserved GPUs, commitment) apply to a billing period:
    /// the one in force when the period starts or, for a card that starts during the period,
    /// its first version. A version taking effect mid-period changes those terms from the next
    /// period on, so a period's fixed charges never depend on when in it a version was published.
    /// </summary>
    public RateCardVersion? VersionForPeriod(DateTimeOffset periodStart, DateTimeOffset periodEnd) =>
        VersionAt(periodStart) ?? Versions.FirstOrDefault(v => v.EffectiveFrom < periodEnd);

    private static RateCardVersion VersionOf(RateCardVersionPublished published) =>
        new(published.Version, published.EffectiveFrom, published.Terms);
}
