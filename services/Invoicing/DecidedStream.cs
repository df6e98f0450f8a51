using JasperFx.Events;
using Marten;

namespace Invoicing;

/// <summary>
/// Invoicing's write path for a stream: Marten's FetchForWriting reads the stream's version and its
/// inline snapshot (nothing is replayed), decisions run one after another against the state each
/// leaves, and everything they decided is appended once at the version read, so a writer that raced
/// this one makes the save fail instead of interleaving. A stream kind adds what it stores beside
/// its events in the same transaction (<see cref="StoreBeside"/>).
/// </summary>
public abstract class DecidedStream<TState, TEvent>
    where TState : class
    where TEvent : class
{
    private readonly IEventStream<TState> _stream;
    private readonly Func<TState?, TEvent, TState> _evolve;
    private readonly List<TEvent> _pending = [];

    protected DecidedStream(IEventStream<TState> stream, Func<TState?, TEvent, TState> evolve)
    {
        _stream = stream;
        _evolve = evolve;
        State = stream.Aggregate;
    }

    /// <summary>The state after the events read and those decided since.</summary>
    public TState? State { get; private set; }

    public long ReadVersion => _stream.StartingVersion ?? 0;

    /// <summary>The version the stream has once what was decided is saved.</summary>
    public long Version => ReadVersion + _pending.Count;

    /// <summary>
    /// The state as its snapshot holds it, with the stream's version, for reading only: one round
    /// trip, no replay. The snapshot is written in the transaction that appends to the stream.
    /// </summary>
    protected static async Task<(TState? State, long Version)> ReadSnapshotAsync(IQuerySession session, string key, CancellationToken cancellationToken)
    {
        var batch = session.CreateBatchQuery();
        var state = batch.Events.FetchStreamState(key);
        var snapshot = batch.Load<TState>(key);
        await batch.Execute(cancellationToken);
        return (await snapshot, (await state)?.Version ?? 0);
    }

    /// <summary>Runs a decision against the current state and keeps what it decided.</summary>
    public IReadOnlyList<TEvent> Decide(Func<TState?, IReadOnlyList<TEvent>> decide)
    {
        var events = decide(State);
        _pending.AddRange(events);
        State = events.Aggregate(State, _evolve);
        return events;
    }

    /// <summary>Queues the decided events at the version read, and what the kind stores beside them. Once per fetch.</summary>
    public void Save(IDocumentSession session)
    {
        if (_pending.Count == 0) return;
        _stream.AppendMany(_pending);
        StoreBeside(session, _pending);
    }

    /// <param name="decided">The events just queued, the first of them at <see cref="ReadVersion"/> + 1.</param>
    protected abstract void StoreBeside(IDocumentSession session, IReadOnlyList<TEvent> decided);
}
