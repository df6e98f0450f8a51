using System.Data;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using JasperFx.Events;
using Marten;
using MassTransit;
using Metering.Contracts;
using Npgsql;
using Pricing.Accrual;
using Pricing.RateCards;
using Pricing.Rating;

namespace Pricing.Publishing;

/// <summary>
/// Rates every billing period that was opened or accrued usage and publishes it as
/// <see cref="PeriodRated"/>; of repeats, invoicing keeps the highest <see cref="PeriodRated.TotalsVersion"/>.
/// </summary>
public sealed class PeriodRatedPublisher : PublishingSubscription<PeriodRated>
{
    private readonly NpgsqlDataSource _database;
    private readonly TimeProvider _clock;

    // The data source, not WriteTransactions: the store is being built when Marten asks for its subscriptions.
    public PeriodRatedPublisher(IBus bus, NpgsqlDataSource database, TimeProvider clock) : base(bus)
    {
        _database = database;
        _clock = clock;
        Name = "period-rated-publisher";
        IncludeType<PeriodOpened>();
        IncludeType<UsageAccrued>();
        Options.BatchSize = 500;
    }

    protected override async Task<IReadOnlyList<PeriodRated>> MessagesOfAsync(
        IReadOnlyList<IEvent> events, IQuerySession operations, CancellationToken cancellationToken)
    {
        // Totals only grow, so a period's latest snapshot says everything its events in this page
        // said: one message per period, however many ledger events it accrued meanwhile.
        var streams = events.Where(e => e.Data is UsageAccrued or PeriodOpened).Select(e => AccrualStreamKey.Parse(e.StreamKey!).ToString()).Distinct().ToList();
        // One snapshot for each period and its allocations, which an accrual adds to together.
        await using var read = await new WriteTransactions(_database, operations.DocumentStore).BeginAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var periods = await read.Session.LoadManyAsync<PeriodUsage>(cancellationToken, streams);
        var messages = new List<PeriodRated>(periods.Count);
        // Read once per page: the periods of a page are mostly many tenants' on a few cards.
        var cards = new Dictionary<string, RateCard?>(StringComparer.Ordinal);
        foreach (var usage in periods)
        {
            if (!cards.TryGetValue(usage.RateCardId, out var card))
                cards[usage.RateCardId] = card = RateCardStreams.CardOf(await operations.Events.FetchStreamAsync(usage.RateCardId, token: cancellationToken));
            if (card is null)
                throw new InvalidOperationException($"Period '{usage.Id}' is priced by rate card '{usage.RateCardId}', which has no versions.");
            var rounded = await PeriodAllocations.RoundedOfAsync(read.Transaction, usage, card, cancellationToken);
            messages.Add(RatedPeriods.Of(usage, rounded, card, _clock.GetUtcNow()));
        }
        await read.Transaction.CommitAsync(cancellationToken);
        return messages;
    }
}
