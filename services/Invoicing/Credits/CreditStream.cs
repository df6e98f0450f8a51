using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Invoicing.Credits;

/// <summary>
/// The credit write path, as invoices have it (<see cref="Invoices.InvoiceStream"/>): Marten's
/// FetchForWriting reads the stream's version and its <see cref="CreditBalance"/> snapshot (kept
/// inline by <see cref="CreditSnapshot"/>), decisions run one after another, and what they decided
/// is appended once at the version read, so a writer that raced this one makes the save fail.
/// </summary>
public sealed class CreditStream
{
    private readonly IEventStream<CreditBalance> _stream;
    private readonly List<CreditEvent> _pending = [];

    private CreditStream(IEventStream<CreditBalance> stream)
    {
        _stream = stream;
        State = stream.Aggregate;
    }

    /// <summary>The state after the events read and those decided since; null for a tenant never granted credit.</summary>
    public CreditBalance? State { get; private set; }

    private long ReadVersion => _stream.StartingVersion ?? 0;

    public static async Task<CreditStream> FetchForWritingAsync(IDocumentSession session, CreditKey key, CancellationToken cancellationToken) =>
        new(await session.Events.FetchForWriting<CreditBalance>(key.ToString(), cancellationToken));

    /// <summary>The balance as its snapshot holds it, with the stream's version, for reading only.</summary>
    public static async Task<(CreditBalance? State, long Version)> ReadAsync(IQuerySession session, CreditKey key, CancellationToken cancellationToken)
    {
        var batch = session.CreateBatchQuery();
        var state = batch.Events.FetchStreamState(key.ToString());
        var balance = batch.Load<CreditBalance>(key.ToString());
        await batch.Execute(cancellationToken);
        return (await balance, (await state)?.Version ?? 0);
    }

    public IReadOnlyList<CreditEvent> Decide(Func<CreditBalance?, IReadOnlyList<CreditEvent>> decide)
    {
        var events = decide(State);
        _pending.AddRange(events);
        State = events.Aggregate(State, CreditBalance.Evolve);
        return events;
    }

    /// <summary>
    /// Queues the decided events at the version read, with the movements they make to each grant
    /// beside them in the same transaction (<see cref="CreditMovement"/>). Once per fetch.
    /// </summary>
    public void Save(IDocumentSession session)
    {
        if (_pending.Count == 0) return;
        _stream.AppendMany(_pending);
        var balance = State!;
        for (var i = 0; i < _pending.Count; i++)
        {
            foreach (var movement in CreditMovement.Of(_pending[i], ReadVersion + i + 1, balance))
                session.Store(movement);
        }
    }
}

/// <summary>
/// Keeps each tenant's <see cref="CreditBalance"/> beside its credit events, folded by the domain's
/// own <see cref="CreditBalance.Evolve"/>. Inline: written in the transaction that appends.
/// </summary>
public sealed class CreditSnapshot : SingleStreamProjection<CreditBalance, string>
{
    /// <summary>Every credit event, and only those: account and invoice streams' events must cost it nothing.</summary>
    public static readonly Type[] Events = [typeof(CreditGranted), typeof(CreditRevoked), typeof(CreditDrawn), typeof(CreditExpired)];

    public CreditSnapshot()
    {
        foreach (var type in Events) IncludeType(type);
    }

    public override CreditBalance? Evolve(CreditBalance? snapshot, string id, IEvent e) =>
        e.Data is CreditEvent @event ? CreditBalance.Evolve(snapshot, @event) : snapshot;
}

/// <summary>
/// One change to what is left of one grant, dated when it took effect: a grant adds, a draw, a
/// revocation and an expiry take away (an expiry at the grant's expiry instant). What is left of
/// every grant at any past instant is the sum of its movements up to it, which is what the credit
/// liability at a date is read from without replaying every tenant's stream.
/// </summary>
/// <param name="Id">"{stream}/{version}/{grant}": one per grant an event moves, so storing it again changes nothing.</param>
public sealed record CreditMovement(
    string Id,
    string TenantId,
    string GrantId,
    string CurrencyCode,
    bool Promotional,
    decimal Amount,
    DateTimeOffset At,
    DateTimeOffset? ExpiresAt)
{
    public static IEnumerable<CreditMovement> Of(CreditEvent @event, long version, CreditBalance balance)
    {
        var stream = new CreditKey(@event.TenantId).ToString();
        CreditMovement Moving(string grantId, decimal amount, DateTimeOffset at)
        {
            var grant = balance.Grant(grantId)!;
            return new CreditMovement($"{stream}/{version}/{grantId}", @event.TenantId, grantId, balance.Currency.Code, grant.IsPromotional, amount, at, grant.ExpiresAt);
        }

        return @event switch
        {
            CreditGranted granted => [Moving(granted.GrantId, granted.Amount.Amount, granted.OccurredAt)],
            CreditRevoked revoked => [Moving(revoked.GrantId, -revoked.Amount.Amount, revoked.OccurredAt)],
            CreditExpired expired => [Moving(expired.GrantId, -expired.Amount.Amount, expired.ExpiredAt)],
            CreditDrawn drawn => drawn.Draws.Select(d => Moving(d.GrantId, -d.Amount.Amount, drawn.OccurredAt)),
            _ => [],
        };
    }
}
