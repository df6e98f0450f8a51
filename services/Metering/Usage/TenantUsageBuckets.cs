using GpuBilling.Messaging;
using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Metering.Usage;

/// <summary>
/// Allocated GPU-seconds per tenant, GPU model, MIG profile and 15-minute UTC bucket: <see cref="UsageBuckets"/>
/// without the node. Every query not grouped by node reads it, so a tenant's month costs a row per
/// bucket and model instead of one per node as well (a 1,000-GPU tenant on 125 nodes: 5,760 rows, not
/// 360,000). It is never written on its own: <see cref="UsageBuckets.Apply"/> adds the same increments
/// to both tables in one transaction, so each row is always the sum of its node rows.
/// </summary>
public static class TenantUsageBuckets
{
    public const string TableName = "usage_tenant_buckets";

    public static Table Table(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn("bucket_start", "timestamptz").AsPrimaryKey();
        table.AddColumn<string>("gpu_model").AsPrimaryKey();
        table.AddColumn<string>("mig_profile").AsPrimaryKey();
        table.AddColumn<long>("gpu_seconds").NotNull();
        return table;
    }

    /// <summary>Adds a batch's node increments, summed over nodes; rows in key order so concurrent batches lock them in the same order.</summary>
    public static void Add(IDocumentOperations operations, IEnumerable<KeyValuePair<UsageBuckets.BucketKey, long>> nodeIncrements)
    {
        var increments = new SortedDictionary<Key, long>();
        foreach (var (node, seconds) in nodeIncrements)
        {
            var key = new Key(node.TenantId, node.BucketStart, node.GpuModel, node.MigProfile);
            increments[key] = increments.GetValueOrDefault(key) + seconds;
        }
        if (increments.Count == 0) return;

        operations.QueueSqlCommand(
            $"""
            insert into {MeteringStorage.Name}.{TableName} (tenant_id, bucket_start, gpu_model, mig_profile, gpu_seconds)
            select * from unnest(?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::bigint[])
            on conflict (tenant_id, bucket_start, gpu_model, mig_profile)
            do update set gpu_seconds = {TableName}.gpu_seconds + excluded.gpu_seconds
            """,
            increments.Keys.Select(k => k.TenantId).ToArray(),
            increments.Keys.Select(k => k.BucketStart).ToArray(),
            increments.Keys.Select(k => k.GpuModel).ToArray(),
            increments.Keys.Select(k => k.MigProfile).ToArray(),
            increments.Values.ToArray());
    }

    /// <summary>
    /// The table filled from <see cref="UsageBuckets"/> when a database of a version without it is
    /// upgraded, so queries show the same figures after it (<see cref="TenantUsageBackfill"/>).
    /// </summary>
    public static readonly TableBackfill Backfill = new(AdvisoryLocks.MeteringSchema, $"{MeteringStorage.Name}.{TableName}", $"{MeteringStorage.Name}.{UsageBuckets.TableName}",
        $"""
            insert into {MeteringStorage.Name}.{TableName} (tenant_id, bucket_start, gpu_model, mig_profile, gpu_seconds)
            select tenant_id, bucket_start, gpu_model, mig_profile, sum(gpu_seconds)::bigint
            from {MeteringStorage.Name}.{UsageBuckets.TableName}
            where not exists (select from {MeteringStorage.Name}.{TableName})
            group by tenant_id, bucket_start, gpu_model, mig_profile
        """);

    /// <summary>Ordered ordinally, so every instance orders the same keys the same way whatever its culture.</summary>
    private readonly record struct Key(string TenantId, DateTimeOffset BucketStart, string GpuModel, string MigProfile) : IComparable<Key>
    {
        public int CompareTo(Key other)
        {
            var byTenant = string.CompareOrdinal(TenantId, other.TenantId);
            if (byTenant != 0) return byTenant;
            var byBucket = BucketStart.CompareTo(other.BucketStart);
            if (byBucket != 0) return byBucket;
            var byModel = string.CompareOrdinal(GpuModel, other.GpuModel);
            return byModel != 0 ? byModel : string.CompareOrdinal(MigProfile, other.MigProfile);
        }
    }
}
