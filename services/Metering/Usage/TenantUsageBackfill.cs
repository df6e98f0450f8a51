using GpuBilling.Messaging;
using Npgsql;

namespace Metering.Usage;

/// <summary>
/// Fills <see cref="TenantUsageBuckets"/> from usage_buckets on the first start of a version that has
/// it, before this instance takes a report or answers a query: registered before the bus, and hosted
/// services start one after another (Marten creates the table first: it registers itself ahead of
/// every other). Instances starting together fill it once: the schema lock makes the next one find it
/// filled. An instance of the earlier version still running would count in usage_buckets alone, so
/// stop those first, as for every upgrade of metering's intake.
/// </summary>
public sealed class TenantUsageBackfill(NpgsqlDataSource database, ILogger<TenantUsageBackfill> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await AdvisoryLocks.MeteringSchema.TakeAsync(transaction, cancellationToken);
        var rows = await TenantUsageBuckets.FillIfEmptyAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (rows > 0) logger.LogInformation("Filled {Table} from usage_buckets: {Rows} rows", TenantUsageBuckets.TableName, rows);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
