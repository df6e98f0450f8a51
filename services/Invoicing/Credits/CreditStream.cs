using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Invoicing.Credits;

/// <summary>
/// The credit write path, as invoices have it (<see cref="DecidedStream{TState, TEvent}"/>), over
/// the <see cref="CreditBalance"/> snapshot kept inline by <see cref="CreditSnapshot"/>. Beside the
/// events it stores the movements they make to each grant (<see cref="CreditMovement"/>).
/// </summary>
public sealed class CreditStream : DecidedStream<CreditBalance, CreditEvent>
{
    private CreditStream(IEventStream<CreditBalance> stream) : base(stream, CreditBalance.Evolve)
    {
    }

    public static async Task<CreditStream> FetchForWritingAsync(IDocumentSession session, CreditKey key, CancellationToken cancellationToken) =>
        new(await session.Events.FetchForWriting<CreditBalance>(key.ToString(), cancellationToken));

    public static Task<(CreditBalance? State, long Version)> ReadAsync(IQuerySession session, CreditKey key, CancellationToken cancellationToken) =>
        ReadSnapshotAsync(session, key.ToString(), cancellationToken);

    protected override void StoreBeside(IDocumentSession session, IReadOnlyList<CreditEvent> decided)
    {
        for (var i = 0; i < decided.Count; i++)
        {
            foreach (var movement in CreditMovement.Of(decided[i], ReadVersion + i + 1, State!))
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
