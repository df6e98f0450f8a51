using System.Globalization;
using GpuBilling.Decisions;
using GpuBilling.HashChains;

namespace Pricing.RateCards;

/// <summary>Publish <paramref name="Terms"/> as the next version of a rate card, in force from <paramref name="EffectiveFrom"/>, as seen at <paramref name="Now"/>.</summary>
public sealed record PublishRateCardVersion(
    string RateCardId,
    string Currency,
    DateTimeOffset EffectiveFrom,
    RateCardTerms Terms,
    DateTimeOffset Now,
    string PublishedBy);

public static class PublishRateCardVersionDecision
{
    private static readonly PublishRateCardVersionValidator Validator = new();

    /// <summary>
    /// The next version, or a refusal. A version may only take effect from now on and after the
    /// latest one: usage is rated by the version in force at its time, so a version reaching
    /// back would reprice usage already rated (and invoices already sent). The currency is the
    /// card's for life, because accrued quantities of every version are added up in one period.
    /// The version comes chained to the card's last hash.
    /// </summary>
    /// <exception cref="CommandRefused">The command is malformed or breaks one of those rules.</exception>
    public static RateCardVersionPublished Decide(PublishRateCardVersion command, RateCard? card)
    {
        CommandRefused.ThrowIfInvalid(Validator.Validate(command));

        var refusals = new List<FieldProblem>();
        if (command.EffectiveFrom < command.Now)
            refusals.Add(new(nameof(command.EffectiveFrom),
                $"A version cannot take effect before it is published ({Text(command.Now)}): usage already rated would change price."));
        if (card is not null)
        {
            if (!string.Equals(card.Id, command.RateCardId, StringComparison.Ordinal))
                refusals.Add(new(nameof(command.RateCardId), $"The command is for rate card '{command.RateCardId}' but was decided against '{card.Id}'."));
            if (!string.Equals(card.Currency.Code, command.Currency, StringComparison.Ordinal))
                refusals.Add(new(nameof(command.Currency), $"Rate card '{card.Id}' is priced in {card.Currency.Code}; a version cannot change its currency."));
            if (command.EffectiveFrom <= card.Latest.EffectiveFrom)
                refusals.Add(new(nameof(command.EffectiveFrom),
                    $"Must be after version {card.Latest.Number}, in force from {Text(card.Latest.EffectiveFrom)}."));
        }
        if (refusals.Count > 0) throw CommandRefused.Invalid(refusals);

        return HashChain.Seal(card?.LastHash ?? HashChain.Genesis, new RateCardVersionPublished(
            command.RateCardId,
            (card?.Versions.Count ?? 0) + 1,
            command.Currency,
            command.EffectiveFrom,
            command.Terms,
            command.Now,
            command.PublishedBy));
    }

    private static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
