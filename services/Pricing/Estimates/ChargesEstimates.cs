using System.Data;
using Marten;
using MassTransit;
using Metering.Contracts;
using Npgsql;
using Pricing.Accrual;
using Pricing.RateCards;
using Pricing.Tenants;
using SessionOptions = Marten.Services.SessionOptions;

namespace Pricing.Estimates;

/// <summary>
/// Publishes tenants' <see cref="ChargesEstimated"/> after a commit that changed them (an
/// observation or an accrual). Published by the consumer after its commit and before the message
/// is acknowledged: a crash in between delivers the message again, which counts nothing twice and
/// publishes again, so an estimate is published at least once. Estimates are derived state (each
/// says everything, none adds to another), so a repeat or one that overtakes another is harmless:
/// the figure only ever lags, never exceeds (see <see cref="ChargesEstimate"/>).
/// </summary>
public sealed class ChargesEstimates(NpgsqlDataSource database, IDocumentStore store, IBus bus, TimeProvider clock)
{
    public async Task PublishForAsync(IReadOnlyList<string> tenants, CancellationToken cancellationToken)
    {
        if (tenants.Count == 0) return;
        var estimates = await EstimateAsync(tenants, cancellationToken);
        await Task.WhenAll(estimates.Select(e => bus.Publish(e, cancellationToken)));
    }

    public async Task<IReadOnlyList<ChargesEstimated>> EstimateAsync(IReadOnlyList<string> tenants, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // One snapshot for the accrual snapshot and the tallies: an accrual adds its seconds to
        // both in one transaction, so they agree on which seconds are sealed.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction));
        var terms = await session.LoadManyAsync<TenantTerms>(cancellationToken, tenants);
        var periods = (await session.LoadManyAsync<PeriodUsage>(cancellationToken,
                terms.Select(t => new AccrualStreamKey(t.Id, ChargesEstimate.OpenPeriodOf(t, now).Start).ToString())))
            .ToDictionary(p => p.TenantId);
        var cards = (await session.LoadManyAsync<RateCard>(cancellationToken,
                terms.Select(t => new RateCardKey(ChargesEstimate.CardOf(t, periods.GetValueOrDefault(t.Id))).ToString()).Distinct()))
            .ToDictionary(c => c.Id, StringComparer.Ordinal);
        var tallies = (await UnsealedUsage.OfTenantsAsync(transaction, [.. terms.Select(t => t.Id)], cancellationToken))
            .ToLookup(t => t.Tally.TenantId);
        await transaction.CommitAsync(cancellationToken);

        return
        [
            .. terms
                .Select(t =>
                {
                    var period = periods.GetValueOrDefault(t.Id);
                    return ChargesEstimate.Of(t, period, cards.GetValueOrDefault(ChargesEstimate.CardOf(t, period)), [.. tallies[t.Id]], now);
                })
                .OfType<ChargesEstimated>(),
        ];
    }
}
