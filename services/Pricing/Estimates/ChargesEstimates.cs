using System.Data;
using GpuBilling.ServiceDefaults;
using Marten;
using MassTransit;
using Metering.Contracts;
using Pricing.Accrual;
using Pricing.RateCards;
using Pricing.Tenants;

namespace Pricing.Estimates;

/// <summary>
/// Publishes tenants' <see cref="ChargesEstimated"/> after a commit that changed them (an
/// observation or an accrual). Published by the consumer after its commit and before the message
/// is acknowledged: a crash in between delivers the message again, which counts nothing twice and
/// publishes again, so an estimate is published at least once. Estimates are derived state (each
/// says everything, none adds to another), so a repeat or one that overtakes another is harmless:
/// the figure only ever lags, never exceeds (see <see cref="ChargesEstimate"/>).
/// </summary>
public sealed class ChargesEstimates(WriteTransactions writes, IBus bus, TimeProvider clock)
{
    public async Task PublishForAsync(IReadOnlyList<string> tenants, CancellationToken cancellationToken)
    {
        if (tenants.Count == 0) return;
        await PublishAsync(await EstimateAsync(tenants, cancellationToken), cancellationToken);
    }

    public Task PublishAsync(IReadOnlyList<ChargesEstimated> estimates, CancellationToken cancellationToken) =>
        Task.WhenAll(estimates.Select(e => bus.Publish(e, cancellationToken)));

    public async Task<IReadOnlyList<ChargesEstimated>> EstimateAsync(IReadOnlyList<string> tenants, CancellationToken cancellationToken)
    {
        if (tenants.Count == 0) return [];
        // One snapshot for the accrual snapshot and the tallies: an accrual adds its seconds to
        // both in one transaction, so they agree on which seconds are sealed.
        await using var read = await writes.BeginAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var terms = await read.Session.LoadManyAsync<TenantTerms>(cancellationToken, tenants);
        var tallies = terms.Count == 0 ? [] : await UnsealedUsage.OfTenantsAsync(read.Transaction, [.. terms.Select(t => t.Id)], clock.GetUtcNow(), cancellationToken);
        var estimates = await EstimateAsync(read, terms, [], [], tallies, cancellationToken);
        await read.Transaction.CommitAsync(cancellationToken);
        return estimates;
    }

    /// <summary>
    /// Estimates the accrual's tenants inside its transaction, from what it read: the periods as it
    /// leaves them (<see cref="AccrualOutcome.Periods"/>), saved or not, the terms and cards, and the
    /// tallies it has added its sealed seconds to. They are exactly what a read after its commit
    /// would find, without reading back a snapshot that grows all period or reading anything twice.
    /// A tenant without terms has no estimate.
    /// </summary>
    public Task<IReadOnlyList<ChargesEstimated>> EstimateAsync(WriteTransaction write, AccrualOutcome accrued, CancellationToken cancellationToken) =>
        EstimateAsync(write, accrued.Terms, accrued.Periods, accrued.Cards, accrued.Tallies, cancellationToken);

    /// <summary>Reads whatever open period and card is not passed, and the allocations rating a period needs, then estimates.</summary>
    private async Task<IReadOnlyList<ChargesEstimated>> EstimateAsync(
        WriteTransaction transaction, IReadOnlyList<TenantTerms> terms, IReadOnlyList<PeriodUsage> knownPeriods, IReadOnlyList<RateCard> knownCards,
        IReadOnlyList<UnsealedTally> tallies, CancellationToken cancellationToken)
    {
        if (terms.Count == 0) return [];
        var session = transaction.Session;
        var now = clock.GetUtcNow();
        var open = terms.Select(t => new AccrualStreamKey(t.Id, ChargesEstimate.OpenPeriodOf(t, now).Start).ToString()).ToHashSet(StringComparer.Ordinal);
        var given = knownPeriods.Where(p => open.Contains(p.Id)).ToList();
        var missingPeriods = open.Except(given.Select(p => p.Id)).ToList();
        var periods = given
            .Concat(missingPeriods.Count == 0 ? [] : await session.LoadManyAsync<PeriodUsage>(cancellationToken, missingPeriods))
            .ToDictionary(p => p.TenantId);
        var cards = knownCards.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var missingCards = terms.Select(t => ChargesEstimate.CardOf(t, periods.GetValueOrDefault(t.Id))).Distinct().Where(id => !cards.ContainsKey(id)).ToList();
        if (missingCards.Count > 0)
            foreach (var card in await session.LoadManyAsync<RateCard>(cancellationToken, missingCards.Select(id => new RateCardKey(id).ToString())))
                cards[card.Id] = card;
        var byTenant = tallies.ToLookup(t => t.Tally.TenantId);

        var estimates = new List<ChargesEstimated>(terms.Count);
        foreach (var tenantTerms in terms)
        {
            var period = periods.GetValueOrDefault(tenantTerms.Id);
            var card = cards.GetValueOrDefault(ChargesEstimate.CardOf(tenantTerms, period));
            var rounded = period is null || card is null ? [] : await PeriodAllocations.RoundedOfAsync(transaction.Transaction, period, card, cancellationToken);
            if (ChargesEstimate.Of(tenantTerms, period, rounded, card, [.. byTenant[tenantTerms.Id]], now) is { } estimate) estimates.Add(estimate);
        }
        return estimates;
    }
}
