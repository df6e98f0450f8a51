using GpuBilling.Messaging;
using Npgsql;
using Pricing.RateCards;
using Weasel.Postgresql.Tables;

namespace Pricing.Accrual;

/// <summary>
/// Each allocation's metered seconds in each period, one narrow row each: what a rate card version
/// with an increment or a minimum is rated from (<see cref="PeriodUsage.Totals"/>). Kept beside the
/// period's snapshot, so the snapshot every accrual loads and stores is the size of its price keys,
/// not of the tenant's GPUs; added to in the transaction that appends the accrual, so the two
/// always agree.
/// </summary>
public static class PeriodAllocations
{
    public const string TableName = "period_allocations";

    public static Table Table()
    {
        var table = new Table($"{PricingStorage.Name}.{TableName}");
        table.AddColumn<string>("stream_id").AsPrimaryKey();
        table.AddColumn<int>("rate_card_version").AsPrimaryKey();
        table.AddColumn<string>("gpu_model").AsPrimaryKey();
        // '' for a whole GPU: a primary key column cannot be null.
        table.AddColumn<string>("mig_profile").AsPrimaryKey();
        table.AddColumn<string>("allocation_class").AsPrimaryKey();
        table.AddColumn<string>("workload_id").AsPrimaryKey();
        table.AddColumn<string>("gpu_uuid").AsPrimaryKey();
        table.AddColumn<long>("seconds").NotNull();
        return table;
    }

    /// <summary>
    /// Fills the table from the accrual events at the first start of a version that has it: a
    /// period accrued before then is rated from the same seconds as one accrued after.
    /// </summary>
    public static readonly TableBackfill Backfill = new(AdvisoryLocks.PricingSchema, $"{PricingStorage.Name}.{TableName}", $"{PricingStorage.Name}.mt_events",
        $"""
            insert into {PricingStorage.Name}.{TableName} (stream_id, rate_card_version, gpu_model, mig_profile, allocation_class, workload_id, gpu_uuid, seconds)
            select e.stream_id, (q->>'RateCardVersion')::int, q->'Key'->>'GpuModel', coalesce(q->'Key'->>'MigProfile', ''), q->'Key'->>'AllocationClass',
                q->>'WorkloadId', q->>'GpuUuid', sum((q->>'Seconds')::bigint)::bigint
            from {PricingStorage.Name}.mt_events e, jsonb_array_elements(e.data->'Quantities') q
            where e.type = 'usage_accrued' and not exists (select from {PricingStorage.Name}.{TableName})
            group by 1, 2, 3, 4, 5, 6, 7
        """);

    /// <summary>Adds the seconds of the accruals a transaction appends.</summary>
    public static async Task AddAsync(
        NpgsqlTransaction transaction, IEnumerable<(AccrualStreamKey Stream, AllocationSeconds Allocation)> accrued, CancellationToken cancellationToken)
    {
        // One row per key (an upsert may not touch a row twice), in key order, so concurrent
        // accruals of one period lock rows in the same order.
        var rows = accrued
            .GroupBy(a => (Stream: a.Stream.ToString(), a.Allocation.Key))
            .Select(g => (g.Key.Stream, g.Key.Key, Seconds: g.Sum(a => a.Allocation.Seconds)))
            .OrderBy(r => r.Stream, StringComparer.Ordinal)
            .ThenBy(r => r.Key.RateCardVersion)
            .ThenBy(r => r.Key.Key, PriceKey.Order)
            .ThenBy(r => r.Key.WorkloadId, StringComparer.Ordinal)
            .ThenBy(r => r.Key.GpuUuid, StringComparer.Ordinal)
            .ToList();
        if (rows.Count == 0) return;
        await using var command = new NpgsqlCommand(
            $"""
            insert into {PricingStorage.Name}.{TableName} (stream_id, rate_card_version, gpu_model, mig_profile, allocation_class, workload_id, gpu_uuid, seconds)
            select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[])
            on conflict (stream_id, rate_card_version, gpu_model, mig_profile, allocation_class, workload_id, gpu_uuid)
            do update set seconds = {TableName}.seconds + excluded.seconds
            """,
            transaction.Connection, transaction)
        {
            Parameters =
            {
                new() { Value = rows.Select(r => r.Stream).ToArray() },
                new() { Value = rows.Select(r => r.Key.RateCardVersion).ToArray() },
                new() { Value = rows.Select(r => r.Key.Key.GpuModel).ToArray() },
                new() { Value = rows.Select(r => r.Key.Key.MigProfile ?? "").ToArray() },
                new() { Value = rows.Select(r => r.Key.Key.AllocationClass).ToArray() },
                new() { Value = rows.Select(r => r.Key.WorkloadId).ToArray() },
                new() { Value = rows.Select(r => r.Key.GpuUuid).ToArray() },
                new() { Value = rows.Select(r => r.Seconds).ToArray() },
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The allocations <see cref="PeriodUsage.Totals"/> needs of each period with <paramref name="card"/>:
    /// those under its versions that count time per allocation. Reads nothing for a period that has none.
    /// </summary>
    public static async Task<IReadOnlyList<AllocationSeconds>> RoundedOfAsync(
        NpgsqlTransaction transaction, PeriodUsage period, RateCard card, CancellationToken cancellationToken)
    {
        var versions = period.VersionsRoundedPerAllocation(card);
        if (versions.Count == 0) return [];
        await using var command = new NpgsqlCommand(
            $"""
            select rate_card_version, gpu_model, mig_profile, allocation_class, workload_id, gpu_uuid, seconds
            from {PricingStorage.Name}.{TableName} where stream_id = $1 and rate_card_version = any($2)
            """,
            transaction.Connection, transaction)
        {
            Parameters = { new() { Value = period.Id }, new() { Value = versions.ToArray() } },
        };
        var allocations = new List<AllocationSeconds>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var profile = reader.GetString(2);
            allocations.Add(new AllocationSeconds(
                new AllocationKey(reader.GetInt32(0), new PriceKey(reader.GetString(1), profile.Length == 0 ? null : profile, reader.GetString(3)),
                    reader.GetString(4), reader.GetString(5)),
                reader.GetInt64(6)));
        }
        return allocations;
    }
}

/// <summary>Fills <see cref="PeriodAllocations"/> at the first start of a version that has it; stop every instance of the earlier version first.</summary>
public sealed class PeriodAllocationsBackfill(NpgsqlDataSource database, ILogger<PeriodAllocationsBackfill> logger)
    : TableBackfillAtStart(database, PeriodAllocations.Backfill, logger);
