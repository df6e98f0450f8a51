using GpuBilling.Periods;
using Metering.Contracts;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Invoicing.Ledger;

/// <summary>
/// The completeness check's own figure for the usage ledger: allocated GPU-seconds per ledger
/// event, tenant and 15-minute UTC bucket, counted from <see cref="UsageRecorded"/> as metering
/// published it and never from what pricing accrued, so a ledger event pricing skipped or counted
/// twice shows up as a difference. Every billing period starts and ends on a quarter hour in UTC
/// (every zone offset in use is a multiple of 15 minutes), so a period is a sum of whole buckets.
/// </summary>
public static class LedgerTally
{
    public const string TableName = "ledger_tally";

    private static readonly int SecondsPerBucket = (int)LocalDays.Quarter.TotalSeconds;

    /// <summary>One row per ledger event, tenant and bucket: the event id in the key is what counts a redelivered event once.</summary>
    public static Table Table()
    {
        var table = new Table($"{InvoicingStorage.Schema}.{TableName}");
        table.AddColumn<Guid>("ledger_event_id").AsPrimaryKey();
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn("bucket_start", "timestamptz").AsPrimaryKey();
        table.AddColumn<int>("gpu_seconds").NotNull();
        // The period closer sums one tenant's buckets of one period.
        table.Indexes.Add(new IndexDefinition($"ix_{TableName}_tenant_bucket")
        {
            Columns = ["tenant_id", "bucket_start"],
            IncludeColumns = ["gpu_seconds"],
        });
        return table;
    }

    public sealed record Row(Guid LedgerEventId, string TenantId, DateTimeOffset BucketStart, int GpuSeconds);

    /// <summary>
    /// The rows of the ledger events, each event once however often it was delivered, in key order
    /// so that concurrent batches lock rows in the same order.
    /// </summary>
    public static List<Row> RowsOf(IEnumerable<UsageRecorded> messages)
    {
        var rows = new SortedDictionary<(Guid, string, DateTimeOffset), int>();
        foreach (var message in messages.DistinctBy(m => m.LedgerEventId))
        foreach (var usage in message.Usage)
        foreach (var (first, last) in Runs.ParseRanges(usage.Seconds))
        {
            for (var bucket = first / SecondsPerBucket; bucket <= last / SecondsPerBucket; bucket++)
            {
                var from = Math.Max(first, bucket * SecondsPerBucket);
                var to = Math.Min(last, (bucket + 1) * SecondsPerBucket - 1);
                var key = (message.LedgerEventId, usage.TenantId, message.Hour.ToUniversalTime().AddSeconds(bucket * SecondsPerBucket));
                rows[key] = rows.GetValueOrDefault(key) + (int)(to - from + 1);
            }
        }
        return [.. rows.Select(r => new Row(r.Key.Item1, r.Key.Item2, r.Key.Item3, r.Value))];
    }

    /// <summary>Adds the rows in one statement and returns those that were new: a row already counted is left as it is.</summary>
    public static async Task<List<Row>> AddAsync(NpgsqlDataSource database, IReadOnlyList<Row> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return [];
        await using var command = database.CreateCommand(
            $"""
            insert into {InvoicingStorage.Schema}.{TableName} (ledger_event_id, tenant_id, bucket_start, gpu_seconds)
            select * from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[])
            on conflict do nothing
            returning ledger_event_id, tenant_id, bucket_start, gpu_seconds
            """);
        command.Parameters.AddWithValue(rows.Select(r => r.LedgerEventId).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.TenantId).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.BucketStart).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.GpuSeconds).ToArray());

        var added = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            added.Add(new Row(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt32(3)));
        return added;
    }

    /// <summary>The tenant's GPU-seconds in the ledger within the period, read in the closing transaction.</summary>
    public static async Task<long> SumAsync(NpgsqlTransaction transaction, string tenantId, BillingPeriod period, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select coalesce(sum(gpu_seconds), 0)::bigint from {InvoicingStorage.Schema}.{TableName}
            where tenant_id = $1 and bucket_start >= $2 and bucket_start < $3
            """,
            transaction.Connection, transaction);
        command.Parameters.AddWithValue(tenantId);
        command.Parameters.AddWithValue(period.Start);
        command.Parameters.AddWithValue(period.End);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>GPU-seconds tallied per tenant, with the first and last bucket; for finding usage nobody can be billed for.</summary>
    public static async Task<List<TenantUsage>> PerTenantAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            select tenant_id, sum(gpu_seconds)::bigint, min(bucket_start), max(bucket_start)
            from {InvoicingStorage.Schema}.{TableName}
            group by tenant_id
            order by tenant_id
            """);
        var tenants = new List<TenantUsage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(new TenantUsage(reader.GetString(0), reader.GetInt64(1),
                reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3) + LocalDays.Quarter));
        }
        return tenants;
    }
}

/// <summary>A tenant's GPU-seconds in the ledger, within <c>[From, To)</c>.</summary>
public sealed record TenantUsage(string TenantId, long GpuSeconds, DateTimeOffset From, DateTimeOffset To);
