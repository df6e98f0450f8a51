using System.Text.Json.Serialization;
using GpuBilling.HashChains;
using GpuBilling.Money;

namespace Fleet.CostCards;

public sealed record CostCardVersion(int Number, DateTimeOffset EffectiveFrom, CostCardTerms Terms);

/// <summary>A supplier's cost card as its versions made it; kept as an inline snapshot whose <see cref="Id"/> is the stream's key (<see cref="CostCardKey"/>).</summary>
public sealed record CostCard(string Id, string SupplierId, Currency Currency, IReadOnlyList<CostCardVersion> Versions)
{
    public string LastHash { get; init; } = HashChain.Genesis;

    // Not named Create and Apply: Marten would take those for conventional projection methods.
    public static CostCard Evolve(CostCard? card, CostCardVersionPublished published)
    {
        var version = new CostCardVersion(published.Version, published.EffectiveFrom, published.Terms);
        return card is null
            ? new CostCard(new CostCardKey(published.SupplierId).ToString(), published.SupplierId, Currency.Of(published.Currency), [version]) { LastHash = published.Hash }
            : card with { Versions = [.. card.Versions, version], LastHash = published.Hash };
    }

    public static CostCard? From(IEnumerable<CostCardVersionPublished> history) => history.Aggregate((CostCard?)null, Evolve);

    [JsonIgnore]
    public CostCardVersion Latest => Versions[^1];

    /// <summary>The version in force at <paramref name="instant"/>: the last to take effect at or before it; null before the first.</summary>
    public CostCardVersion? VersionAt(DateTimeOffset instant)
    {
        // Versions are appended in EffectiveFrom order (publishing refuses anything else).
        for (var i = Versions.Count - 1; i >= 0; i--)
            if (Versions[i].EffectiveFrom <= instant) return Versions[i];
        return null;
    }

    public IEnumerable<DateTimeOffset> ChangesWithin(DateTimeOffset from, DateTimeOffset to) =>
        Versions.Select(v => v.EffectiveFrom).Where(t => t > from && t < to);
}
