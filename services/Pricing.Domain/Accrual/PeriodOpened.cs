using GpuBilling.Decisions;
using GpuBilling.HashChains;
using Pricing.RateCards;
using Pricing.Tenants;

namespace Pricing.Accrual;

/// <summary>
/// A tenant's billing period exists before any usage reached it, so its fixed charges (reserved
/// GPUs, a commitment's shortfall) are rated and invoiced even if none ever does. Only ever the
/// first event of an accrual stream (a period that usage opened needs no opening), so it is
/// chained to the genesis hash, and the usage accrued after it to it.
/// </summary>
/// <param name="RateCardId">The card the period is priced by, as usage accrued into it would have named it.</param>
public sealed record PeriodOpened(
    string TenantId,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    string RateCardId,
    DateTimeOffset OpenedAt,
    string OpenedBy) : ChainedEvent;

/// <summary>Open the billing period of the tenant's <paramref name="Terms"/> that contains <paramref name="Now"/>.</summary>
public sealed record OpenPeriod(TenantTerms Terms, DateTimeOffset Now, string OpenedBy)
{
    public AccrualStreamKey StreamKey => new(Terms.Id, Terms.PeriodContaining(Now).Start);
}

public static class OpenPeriodDecision
{
    /// <summary>
    /// The event opening the period, chained as the stream's first, or null when its stream already
    /// exists (usage or an earlier opening started it). The period is priced by the tenant's
    /// current card, as usage arriving first would have had it.
    /// </summary>
    /// <param name="card">The tenant's current card as it stands; null if it has no version yet.</param>
    /// <exception cref="CommandRefused">
    /// The card cannot price the period: it has no version in force during it, or it prices in
    /// another currency than the tenant's billing account. Nothing is opened; the next round tries again.
    /// </exception>
    public static PeriodOpened? Decide(OpenPeriod command, PeriodUsage? state, RateCard? card)
    {
        if (state is not null) return null;
        var terms = command.Terms;
        var period = terms.PeriodContaining(command.Now);
        if (card is null)
            throw CommandRefused.Because(nameof(terms.RateCardId), $"Rate card '{terms.RateCardId}' has no published version.");
        if (card.VersionForPeriod(period.Start, period.End) is null)
            throw CommandRefused.Because(nameof(terms.RateCardId),
                $"No version of rate card '{card.Id}' is in force during the period from {period.Start:O}.");
        if (terms.RefuseCardInAnotherCurrency(card) is { } refusal) throw CommandRefused.Invalid([refusal]);

        return HashChain.Seal(HashChain.Genesis, new PeriodOpened(terms.Id, period.Start, period.End, card.Id, command.Now, command.OpenedBy));
    }
}
