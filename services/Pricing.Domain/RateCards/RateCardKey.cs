using System.Diagnostics.CodeAnalysis;

namespace Pricing.RateCards;

/// <summary>
/// The key of a rate card's stream: the card's id. An id holds no '@' (the validator allows
/// letters, digits, '.', '_' and '-'), which is what tells a card's stream from a period's
/// (<see cref="Accrual.AccrualStreamKey"/>) in pricing's one event store.
/// </summary>
public readonly record struct RateCardKey(string CardId)
{
    public override string ToString() => CardId;

    /// <exception cref="FormatException">The text is empty or holds '@': another kind of stream's key.</exception>
    public static RateCardKey Parse(string key) =>
        TryParse(key, out var parsed) ? parsed : throw new FormatException($"'{key}' is not a rate card's stream key: a card id holds no '@'.");

    public static bool TryParse([NotNullWhen(true)] string? key, out RateCardKey parsed)
    {
        parsed = key is { Length: > 0 } && !key.Contains('@') ? new RateCardKey(key) : default;
        return parsed.CardId is not null;
    }
}
