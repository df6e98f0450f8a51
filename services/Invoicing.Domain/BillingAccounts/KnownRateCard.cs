using GpuBilling.Decisions;

namespace Invoicing.BillingAccounts;

/// <summary>A rate card pricing announced: it exists, and prices in <paramref name="Currency"/> (fixed by its first version).</summary>
public sealed record KnownRateCard(string Id, string Currency);

/// <summary>
/// An account must name a card pricing has announced, in the account's currency: pricing parks the
/// usage of a tenant whose card it does not have, or whose card prices in another currency, so such
/// an account would be opened and never billed. Invoicing learns of cards from pricing's
/// announcements, a moment after they are published, so an unknown card is unknown *yet*.
/// </summary>
public static class RateCardRule
{
    public static IReadOnlyList<FieldProblem> ProblemsWith(BillingAccount account, KnownRateCard? card) => card switch
    {
        null =>
        [
            new(nameof(BillingAccount.RateCardId),
                $"names rate card '{account.RateCardId}', which invoicing does not know yet: pricing announces a card once a version of it is published there (retry in a moment if one just was)"),
        ],
        _ when card.Currency != account.CurrencyCode =>
        [
            new(nameof(BillingAccount.RateCardId),
                $"names rate card '{account.RateCardId}', which prices in {card.Currency}; the account is in {account.CurrencyCode}, and no usage is rated on a card in another currency"),
        ],
        _ => [],
    };
}
