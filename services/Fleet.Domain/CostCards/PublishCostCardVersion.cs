using System.Globalization;
using GpuBilling.Decisions;
using GpuBilling.HashChains;

namespace Fleet.CostCards;

/// <summary>Publish <paramref name="Terms"/> as the next version of a supplier's cost card, in force from <paramref name="EffectiveFrom"/>.</summary>
public sealed record PublishCostCardVersion(
    string SupplierId,
    string Currency,
    DateTimeOffset EffectiveFrom,
    CostCardTerms Terms,
    DateTimeOffset Now,
    string PublishedBy);

public static class PublishCostCardVersionDecision
{
    private static readonly PublishCostCardVersionValidator Validator = new();

    /// <summary>
    /// The next version, or a refusal. A version may take effect in the past (a supplier's new prices
    /// are often known after they apply, from its invoice), but only after the latest version, so each
    /// second has exactly one version in force. The currency is the card's for life: the costs of one
    /// supplier add up across versions. The version comes chained to the card's last hash.
    /// </summary>
    /// <exception cref="CommandRefused">The command is malformed or breaks one of those rules.</exception>
    public static CostCardVersionPublished Decide(PublishCostCardVersion command, CostCard? card)
    {
        CommandRefused.ThrowIfInvalid(Validator.Validate(command));

        var refusals = new List<FieldProblem>();
        if (card is not null)
        {
            if (!string.Equals(card.SupplierId, command.SupplierId, StringComparison.Ordinal))
                refusals.Add(new(nameof(command.SupplierId), $"The command is for supplier '{command.SupplierId}' but was decided against '{card.SupplierId}'."));
            if (!string.Equals(card.Currency.Code, command.Currency, StringComparison.Ordinal))
                refusals.Add(new(nameof(command.Currency), $"The cost card of '{card.SupplierId}' is in {card.Currency.Code}; a version cannot change its currency."));
            if (command.EffectiveFrom <= card.Latest.EffectiveFrom)
                refusals.Add(new(nameof(command.EffectiveFrom),
                    $"Must be after version {card.Latest.Number}, in force from {card.Latest.EffectiveFrom.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}."));
        }
        if (refusals.Count > 0) throw CommandRefused.Invalid(refusals);

        return HashChain.Seal(card?.LastHash ?? HashChain.Genesis, new CostCardVersionPublished(
            command.SupplierId, (card?.Versions.Count ?? 0) + 1, command.Currency, command.EffectiveFrom, command.Terms, command.Now, command.PublishedBy));
    }
}
