using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GpuBilling.Messaging;

/// <summary>
/// A table kept beside the one it is made from (plain rows a query reads instead of the source), and
/// how a database of a version without it gets it filled. Empty means never filled: from the first
/// batch a version with the table writes, the writer keeps both.
/// </summary>
/// <param name="Lock">The service's schema lock: instances starting together fill the table once, the next finding it filled.</param>
/// <param name="Table">The table, schema-qualified.</param>
/// <param name="Source">What it is made from, schema-qualified; its writers wait while the table fills.</param>
/// <param name="Fill">
/// The insert into <paramref name="Table"/> from <paramref name="Source"/>, guarded by `where not
/// exists (select from` the table`)`: a writer of this version may have kept both while the fill
/// waited for its lock, and what it kept must not be added twice.
/// </param>
public sealed record TableBackfill(SchemaLock Lock, string Table, string Source, string Fill)
{
    /// <returns>The rows added: none when the table held any.</returns>
    public async Task<long> FillIfEmptyAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        // Filled already (every start after the first): done, without making the source's writers wait.
        await using (var filled = new NpgsqlCommand($"select exists (select from {Table})", connection, transaction))
            if (await filled.ExecuteScalarAsync(cancellationToken) is true) return 0;
        await using (var share = new NpgsqlCommand($"lock table {Source} in share mode", connection, transaction))
            await share.ExecuteNonQueryAsync(cancellationToken);
        await using var fill = new NpgsqlCommand(Fill, connection, transaction);
        return await fill.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// Fills a <see cref="TableBackfill"/>'s table on the first start of a version that has it, before
/// this instance takes a message or answers a request: registered before the bus, as hosted services
/// start one after another (Marten creates the table first: it registers itself ahead of every
/// other). An instance of the earlier version still running would write the source alone, so those
/// are stopped first, as for every upgrade of the table's writer.
/// </summary>
public abstract class TableBackfillAtStart(NpgsqlDataSource database, TableBackfill backfill, ILogger logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await backfill.Lock.TakeAsync(transaction, cancellationToken);
        var rows = await backfill.FillIfEmptyAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (rows > 0) logger.LogInformation("Filled {Table} from {Source}: {Rows} rows", backfill.Table, backfill.Source, rows);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
