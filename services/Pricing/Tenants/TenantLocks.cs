using Npgsql;

namespace Pricing.Tenants;

/// <summary>
/// Transaction-scoped advisory locks per tenant. Accrual takes them shared (batches run side by
/// side), setting terms exclusively: without them, usage could find no terms and be parked while
/// the terms commit and look for parked usage, and each would miss the other for good.
/// </summary>
public static class TenantLocks
{
    public static Task TakeSharedAsync(NpgsqlTransaction transaction, IEnumerable<string> tenantIds, CancellationToken cancellationToken) =>
        TakeAsync(transaction, tenantIds, "pg_advisory_xact_lock_shared", cancellationToken);

    public static Task TakeExclusiveAsync(NpgsqlTransaction transaction, string tenantId, CancellationToken cancellationToken) =>
        TakeAsync(transaction, [tenantId], "pg_advisory_xact_lock", cancellationToken);

    private static async Task TakeAsync(NpgsqlTransaction transaction, IEnumerable<string> tenantIds, string function,
        CancellationToken cancellationToken)
    {
        // Keys in order, so two transactions never wait on each other's; prefixed, because
        // advisory locks are one namespace for the whole database.
        await using var command = new NpgsqlCommand(
            $"select {function}(hashtextextended('pricing-tenant:' || id, 0)) from unnest($1::text[]) with ordinality as t(id, n) order by n",
            transaction.Connection, transaction);
        command.Parameters.AddWithValue(tenantIds.Distinct().Order(StringComparer.Ordinal).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
