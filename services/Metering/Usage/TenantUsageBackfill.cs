using GpuBilling.Messaging;
using Npgsql;

namespace Metering.Usage;

/// <summary>
/// Fills <see cref="TenantUsageBuckets"/> from usage_buckets at the first start of a version that has
/// it. Stop every instance of the earlier version first: one still running would count in
/// usage_buckets alone, as for every upgrade of metering's intake.
/// </summary>
public sealed class TenantUsageBackfill(NpgsqlDataSource database, ILogger<TenantUsageBackfill> logger)
    : TableBackfillAtStart(database, TenantUsageBuckets.Backfill, logger);
