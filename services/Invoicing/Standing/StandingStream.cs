using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Invoicing.Standing;

/// <summary>
/// The standing's write path, as credits and invoices have it (<see cref="DecidedStream{TState, TEvent}"/>),
/// over the <see cref="StandingState"/> snapshot kept inline by <see cref="StandingSnapshot"/>.
/// </summary>
public sealed class StandingStream : DecidedStream<StandingState, StandingEvent>
{
    private StandingStream(IEventStream<StandingState> stream) : base(stream, StandingState.Evolve)
    {
    }

    /// <summary>
    /// Holds the tenant's standing (<see cref="AdvisoryLocks.Standing"/>) until the transaction
    /// commits, then fetches it: every figure the caller reads after this is read under the lock.
    /// </summary>
    public static async Task<StandingStream> FetchForWritingAsync(WriteTransaction write, StandingKey key, CancellationToken cancellationToken)
    {
        await AdvisoryLocks.Standing.TakeExclusiveAsync(write.Transaction, [key.TenantId], cancellationToken);
        return new(await write.Session.Events.FetchForWriting<StandingState>(key.ToString(), cancellationToken));
    }

    /// <summary>The figures are kept by <see cref="StandingReview"/> at every review, changed or not; nothing else goes beside the events.</summary>
    protected override void StoreBeside(IDocumentSession session, IReadOnlyList<StandingEvent> decided)
    {
    }
}

/// <summary>Keeps each tenant's <see cref="StandingState"/> beside its standing events, inline, folded by <see cref="StandingState.Evolve"/>.</summary>
public sealed class StandingSnapshot : SingleStreamProjection<StandingState, string>
{
    public StandingSnapshot()
    {
        IncludeType<StandingThresholdsSet>();
        IncludeType<StandingChanged>();
        IncludeType<CreditExpiryNoticed>();
        IncludeType<Thresholds.UsageThresholdsReached>();
    }

    public override StandingState? Evolve(StandingState? snapshot, string id, IEvent e) =>
        e.Data is StandingEvent @event ? StandingState.Evolve(snapshot, @event) : snapshot;
}
