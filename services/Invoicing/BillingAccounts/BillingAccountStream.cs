using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Invoicing.BillingAccounts;

/// <summary>
/// A tenant's billing account stream, fetched for writing by Marten's FetchForWriting: its version
/// and its <see cref="BillingAccountState"/> as kept inline by <see cref="BillingAccountSnapshot"/>.
/// </summary>
public static class BillingAccountStream
{
    public static Task<IEventStream<BillingAccountState>> FetchForWritingAsync(IDocumentSession session, AccountKey key, CancellationToken cancellationToken) =>
        session.Events.FetchForWriting<BillingAccountState>(key.ToString(), cancellationToken);

    /// <summary>The account's state, for reading only; none if the tenant has no account.</summary>
    public static Task<BillingAccountState?> ReadAsync(IQuerySession session, AccountKey key, CancellationToken cancellationToken) =>
        session.LoadAsync<BillingAccountState>(key.ToString(), cancellationToken);

    /// <summary>Which of the tenants have a billing account, asked in one round trip.</summary>
    public static async Task<IReadOnlySet<string>> WithAccountsAsync(IQuerySession session, IEnumerable<string> tenantIds, CancellationToken cancellationToken)
    {
        var keys = tenantIds.Distinct().ToArray();
        if (keys.Length == 0) return new HashSet<string>();
        // Only account streams have this snapshot: a tenant id that happens to name an invoice stream finds none.
        var accounts = await session.LoadManyAsync<BillingAccountState>(cancellationToken, keys);
        return accounts.Select(a => a.TenantId).ToHashSet(StringComparer.Ordinal);
    }
}

/// <summary>
/// Keeps each account's <see cref="BillingAccountState"/> beside its events, folded by the domain's
/// own <see cref="BillingAccountState.Evolve"/>, for writers to fetch instead of replaying the
/// stream. Inline: written in the transaction that appends. Streams written before it existed get
/// theirs at start (see Program.cs).
/// </summary>
public sealed class BillingAccountSnapshot : SingleStreamProjection<BillingAccountState, string>
{
    /// <summary>Every account event, and only those: an invoice stream's events must cost it nothing.</summary>
    public static readonly Type[] Events = [typeof(BillingAccountOpened), typeof(BillingAccountChanged)];

    public BillingAccountSnapshot()
    {
        foreach (var type in Events) IncludeType(type);
    }

    public override BillingAccountState? Evolve(BillingAccountState? snapshot, string id, IEvent e) =>
        e.Data is BillingAccountEvent @event ? BillingAccountState.Evolve(snapshot, @event) : snapshot;
}
