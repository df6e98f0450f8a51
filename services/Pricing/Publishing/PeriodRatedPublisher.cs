using GpuBilling.Messaging;
using JasperFx.Events;
using Marten;
using MassTransit;
using Metering.Contracts;
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
    private readonly TimeProvider _clock;

    public PeriodRatedPublisher(IBus bus, TimeProvider clock) : base(bus)
    {
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
        var periods = await operations.LoadManyAsync<PeriodUsage>(cancellationToken, streams);
        var messages = new List<PeriodRated>(periods.Count);
        foreach (var usage in periods)
        {
            var card = RateCardStreams.CardOf(await operations.Events.FetchStreamAsync(usage.RateCardId, token: cancellationToken))
                ?? throw new InvalidOperationException($"Period '{usage.Id}' is priced by rate card '{usage.RateCardId}', which has no versions.");
            messages.Add(RatedPeriods.Of(usage, card, _clock.GetUtcNow()));
        }
        return messages;
    }
}
