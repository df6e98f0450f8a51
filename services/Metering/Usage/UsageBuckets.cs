using Marten;
using Metering.Ledger;
using Weasel.Postgresql.Tables;

namespace Metering.Usage;

/// <summary>
/// Allocated GPU-seconds per tenant, node, GPU model and 15-minute UTC bucket. Every time
/// zone offset in use is a multiple of 15 minutes, so any tenant's local hours, days and
/// months are sums of whole buckets. Unallocated seconds stay in the ledger only. The same
/// increments, summed over nodes, go to <see cref="TenantUsageBuckets"/> in the same transaction.
/// </summary>
public sealed class UsageBuckets : ILedgerReadModel
{
    public const string TableName = "usage_buckets";

    public static Table Table(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn("bucket_start", "timestamptz").AsPrimaryKey();
        table.AddColumn<string>("gpu_model").AsPrimaryKey();
        table.AddColumn<string>("mig_profile").AsPrimaryKey();
        table.AddColumn<string>("node_id").AsPrimaryKey();
        table.AddColumn<long>("gpu_seconds").NotNull();
        return table;
    }

    public void Apply(IDocumentOperations operations, IReadOnlyList<NodeUsageRecorded> recorded)
    {
        var increments = IncrementsOf(recorded);
        if (increments.Count == 0) return;

        // One statement for the whole batch; rows in key order so concurrent writers
        // take row locks in the same order. Instants travel as DateTimeOffset: Marten types a
        // DateTime parameter as a timestamp without time zone.
        operations.QueueSqlCommand(
            $"""
            insert into {MeteringStorage.Name}.{TableName}
                (tenant_id, bucket_start, gpu_model, mig_profile, node_id, gpu_seconds)
            select * from unnest(?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::bigint[])
            on conflict (tenant_id, bucket_start, gpu_model, mig_profile, node_id)
            do update set gpu_seconds = {TableName}.gpu_seconds + excluded.gpu_seconds
            """,
            increments.Select(i => i.Key.TenantId).ToArray(),
            increments.Select(i => i.Key.BucketStart).ToArray(),
            increments.Select(i => i.Key.GpuModel).ToArray(),
            increments.Select(i => i.Key.MigProfile).ToArray(),
            increments.Select(i => i.Key.NodeId).ToArray(),
            increments.Select(i => i.Value).ToArray());
        TenantUsageBuckets.Add(operations, increments);
    }

    public static List<KeyValuePair<BucketKey, long>> IncrementsOf(IEnumerable<NodeUsageRecorded> recorded)
    {
        var increments = new SortedDictionary<BucketKey, long>();
        foreach (var e in recorded)
        foreach (var gpu in e.Gpus)
        {
            if (gpu.TenantId is null) continue;
            var perQuarter = gpu.Seconds.CountPerQuarterHour();
            for (var quarter = 0; quarter < perQuarter.Length; quarter++)
            {
                if (perQuarter[quarter] == 0) continue;
                var key = new BucketKey(gpu.TenantId, e.Hour.AddMinutes(15 * quarter), gpu.Model, gpu.MigProfile ?? "", e.NodeId);
                increments[key] = increments.GetValueOrDefault(key) + perQuarter[quarter];
            }
        }
        return increments.ToList();
    }

    public sealed record BucketKey(string TenantId, DateTimeOffset BucketStart, string GpuModel, string MigProfile, string NodeId)
        : IComparable<BucketKey>
    {
        public int CompareTo(BucketKey? other) =>
            other is null
                ? 1
                : (TenantId, BucketStart, GpuModel, MigProfile, NodeId)
                    .CompareTo((other.TenantId, other.BucketStart, other.GpuModel, other.MigProfile, other.NodeId));
    }
}
