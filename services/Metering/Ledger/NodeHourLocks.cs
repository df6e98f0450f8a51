using Npgsql;

namespace Metering.Ledger;

/// <summary>
/// Transaction-scoped advisory locks per node-hour. Intake takes them shared (many batches at
/// once), the sealer exclusively, so a second is never judged "not yet sealed" by an intake while
/// a sealer is moving its node-hour into the ledger. Keys are taken in order: no deadlocks.
/// </summary>
public static class NodeHourLocks
{
    public static Task TakeSharedAsync(NpgsqlTransaction transaction, IEnumerable<NodeHourKey> nodeHours, CancellationToken cancellationToken) =>
        TakeAsync(transaction, nodeHours, "pg_advisory_xact_lock_shared", cancellationToken);

    public static Task TakeExclusiveAsync(NpgsqlTransaction transaction, IEnumerable<NodeHourKey> nodeHours, CancellationToken cancellationToken) =>
        TakeAsync(transaction, nodeHours, "pg_advisory_xact_lock", cancellationToken);

    private static async Task TakeAsync(NpgsqlTransaction transaction, IEnumerable<NodeHourKey> nodeHours, string function,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"select {function}(hashtextextended(key, 0)) from unnest($1::text[]) with ordinality as k(key, n) order by n",
            transaction.Connection, transaction);
        // Locked by the stream key's text, so the lock of a node-hour is the same in every version.
        command.Parameters.AddWithValue(nodeHours.Select(k => k.ToString()).Order(StringComparer.Ordinal).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
