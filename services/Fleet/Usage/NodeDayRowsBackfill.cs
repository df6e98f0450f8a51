using GpuBilling.Messaging;
using Npgsql;

namespace Fleet.Usage;

/// <summary>
/// Fills <see cref="NodeDayRows"/> from the node-day documents on the first start of a version that
/// has it, before this instance takes a batch or answers a report: registered before the bus, and
/// hosted services start one after another (Marten creates the table first: it registers itself ahead
/// of every other). Instances starting together fill it once: the schema lock makes the next one find
/// it filled. An instance of the earlier version still running would keep days without their rows, so
/// stop those first, as for every upgrade of the fleet's consumer.
/// </summary>
public sealed class NodeDayRowsBackfill(NpgsqlDataSource database, ILogger<NodeDayRowsBackfill> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await AdvisoryLocks.FleetSchema.TakeAsync(transaction, cancellationToken);
        var rows = await NodeDayRows.FillIfEmptyAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (rows > 0) logger.LogInformation("Filled {Table} from the node-day documents: {Rows} rows", NodeDayRows.TableName, rows);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
