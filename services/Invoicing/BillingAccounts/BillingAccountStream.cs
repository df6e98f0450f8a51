using Marten;

namespace Invoicing.BillingAccounts;

/// <summary>A tenant's billing account stream (key: the tenant id) folded by <see cref="BillingAccountState.Evolve"/>, with the version it was read at.</summary>
public sealed record BillingAccountStream(string TenantId, BillingAccountState? State, long Version)
{
    public static async Task<BillingAccountStream> FetchAsync(IQuerySession session, string tenantId, CancellationToken cancellationToken)
    {
        var stored = await session.Events.FetchStreamAsync(tenantId, token: cancellationToken);
        // Ids come from requests and messages too: one naming an invoice stream ("acme@2025-03-01") has no account.
        var events = stored.Select(e => e.Data).OfType<BillingAccountEvent>().ToList();
        var state = events.Aggregate((BillingAccountState?)null, BillingAccountState.Evolve);
        return new BillingAccountStream(tenantId, state, events.Count == 0 ? 0 : stored[^1].Version);
    }

    /// <summary>Which of the tenants have a billing account, asked in one round trip.</summary>
    public static async Task<IReadOnlySet<string>> WithAccountsAsync(IQuerySession session, IEnumerable<string> tenantIds, CancellationToken cancellationToken)
    {
        var batch = session.CreateBatchQuery();
        // An account's tenant id never holds '@' (the validator refuses it), but an invoice stream's
        // key always does: usage of a tenant id with '@' must not count an invoice as its account.
        var states = tenantIds.Distinct().Where(tenant => !tenant.Contains('@'))
            .Select(tenant => (Tenant: tenant, State: batch.Events.FetchStreamState(tenant))).ToList();
        if (states.Count == 0) return new HashSet<string>();
        await batch.Execute(cancellationToken);

        var withAccounts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (tenant, state) in states)
            if (await state is not null) withAccounts.Add(tenant);
        return withAccounts;
    }

    /// <summary>Queues what a decision returned at the version read: a writer that raced this one makes the save fail.</summary>
    public void Append(IDocumentSession session, IReadOnlyList<BillingAccountEvent> events)
    {
        if (events.Count == 0) return;
        if (Version == 0) session.Events.StartStream(TenantId, events);
        else session.Events.Append(TenantId, Version + events.Count, events);
    }
}
