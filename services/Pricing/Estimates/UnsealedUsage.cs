using Metering.Contracts;
using Npgsql;
using Pricing.RateCards;
using Weasel.Postgresql.Tables;

namespace Pricing.Estimates;

/// <summary>
/// The tallies the live standing is estimated from (<see cref="UnsealedTally"/>), one row per
/// tenant, node, window and price key, and the observations already counted. Observed seconds are
/// added by the observation's consumer, sealed seconds by the transaction that accrues the ledger
/// event; each claim commits with what it protects.
/// </summary>
public static class UnsealedUsage
{
    public const string TableName = "unsealed_usage";
    public const string ObservationsTableName = "observed_sources";

    /// <summary>A balanced row whose window ended this long ago is deleted: it adds nothing, and a second arriving later starts it again from zero on both sides.</summary>
    public static readonly TimeSpan KeepBalanced = TimeSpan.FromHours(1);

    /// <summary>
    /// Longer than metering's accepted lateness (35 days): no second of an older window can be
    /// observed or sealed any more, so its row goes whatever it holds.
    /// </summary>
    public static readonly TimeSpan KeepAny = TimeSpan.FromDays(36);

    /// <summary>
    /// An observation comes again only when metering's publisher stopped between publishing it and
    /// deleting it, and it publishes it again when it next runs: a day covers that.
    /// </summary>
    public static readonly TimeSpan KeepClaims = TimeSpan.FromDays(1);

    public static Table Table()
    {
        var table = new Table($"{PricingStorage.Name}.{TableName}");
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn<string>("node_id").AsPrimaryKey();
        table.AddColumn("window_start", "timestamptz").AsPrimaryKey();
        table.AddColumn<string>("gpu_model").AsPrimaryKey();
        // '' for a whole GPU: a primary key column cannot be null.
        table.AddColumn<string>("mig_profile").AsPrimaryKey();
        table.AddColumn<string>("allocation_class").AsPrimaryKey();
        table.AddColumn<long>("observed").NotNull();
        table.AddColumn<long>("sealed").NotNull();
        table.AddColumn("last_second", "timestamptz");
        table.AddColumn<int>("gpus_at_last_second").NotNull();
        // What an estimate reads (Read): the latest windows of a tenant, and its unsealed rows of
        // any window, never the balanced rows of the hour they are kept.
        table.Indexes.Add(new IndexDefinition($"ix_{TableName}_tenant_window") { Columns = ["tenant_id", "window_start"] });
        table.Indexes.Add(new IndexDefinition($"ix_{TableName}_unsealed") { Columns = ["tenant_id", "window_start"], Predicate = "observed > sealed" });
        return table;
    }

    public static Table ObservationsTable()
    {
        var table = new Table($"{PricingStorage.Name}.{ObservationsTableName}");
        table.AddColumn<Guid>("observation_id").AsPrimaryKey();
        table.AddColumn("observed_at", "timestamptz").NotNull();
        return table;
    }

    /// <summary>Counts the observations not counted before; returns their tenants.</summary>
    public static async Task<IReadOnlyList<string>> AddObservedAsync(
        NpgsqlTransaction transaction, IReadOnlyList<UsageObserved> observations, CancellationToken cancellationToken)
    {
        var unique = observations.DistinctBy(o => o.ObservationId).OrderBy(o => o.ObservationId).ToList();
        if (unique.Count == 0) return [];
        await using var claim = new NpgsqlCommand(
            $"""
            insert into {PricingStorage.Name}.{ObservationsTableName} (observation_id, observed_at)
            select * from unnest($1::uuid[], $2::timestamptz[])
            on conflict do nothing
            returning observation_id
            """,
            transaction.Connection, transaction);
        claim.Parameters.AddWithValue(unique.Select(o => o.ObservationId).ToArray());
        claim.Parameters.AddWithValue(unique.Select(o => o.ObservedAt).ToArray());
        var fresh = new HashSet<Guid>();
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) fresh.Add(reader.GetGuid(0));

        var counted = unique.Where(o => fresh.Contains(o.ObservationId)).ToList();
        // One row per key in one statement: merged first, as an upsert may not touch a row twice.
        var rows = counted.SelectMany(UnsealedTally.Of)
            .GroupBy(t => t.Tally)
            .Select(g =>
            {
                var last = g.Max(t => t.LastSecond);
                return new UnsealedTally(g.Key, g.Sum(t => t.Observed), 0, last, g.Where(t => t.LastSecond == last).Max(t => t.GpusAtLastSecond));
            })
            .ToList();
        await UpsertAsync(transaction, rows, cancellationToken);
        return [.. counted.SelectMany(o => o.Usage).Select(u => u.TenantId).Distinct()];
    }

    /// <summary>
    /// Adds accrued seconds to the sealed side, in the accrual's transaction, and reads
    /// <paramref name="tenants"/>' tallies as they then stand (<see cref="OfTenantsAsync"/>) in
    /// the same round trip: what the estimate made in that transaction reads.
    /// </summary>
    public static async Task<IReadOnlyList<UnsealedTally>> AddSealedAsync(
        NpgsqlTransaction transaction, IEnumerable<(TallyKey Tally, long Seconds)> sealedSeconds, IReadOnlyList<string> tenants, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var rows = sealedSeconds.GroupBy(s => s.Tally).Select(g => new UnsealedTally(g.Key, 0, g.Sum(s => s.Seconds), null, 0)).ToList();
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        if (rows.Count > 0) batch.BatchCommands.Add(Upsert(rows));
        if (tenants.Count > 0) batch.BatchCommands.Add(Read(tenants, now));
        if (batch.BatchCommands.Count == 0) return [];
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return tenants.Count > 0 ? await TalliesAsync(reader, cancellationToken) : [];
    }

    private static async Task UpsertAsync(NpgsqlTransaction transaction, List<UnsealedTally> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction) { BatchCommands = { Upsert(rows) } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Upsert(List<UnsealedTally> rows)
    {
        // In key order, so the observation and accrual transactions lock rows in the same order.
        rows.Sort((a, b) => (a.Tally.TenantId, a.Tally.NodeId, a.Tally.WindowStart, a.Tally.Key.GpuModel, a.Tally.Key.MigProfile ?? "", a.Tally.Key.AllocationClass)
            .CompareTo((b.Tally.TenantId, b.Tally.NodeId, b.Tally.WindowStart, b.Tally.Key.GpuModel, b.Tally.Key.MigProfile ?? "", b.Tally.Key.AllocationClass)));
        var table = $"{PricingStorage.Name}.{TableName}";
        var command = new NpgsqlBatchCommand(
            $"""
            insert into {table} (tenant_id, node_id, window_start, gpu_model, mig_profile, allocation_class,
                observed, sealed, last_second, gpus_at_last_second)
            select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                $7::bigint[], $8::bigint[], $9::timestamptz[], $10::int[])
            on conflict (tenant_id, node_id, window_start, gpu_model, mig_profile, allocation_class) do update set
                observed = {TableName}.observed + excluded.observed,
                sealed = {TableName}.sealed + excluded.sealed,
                gpus_at_last_second = case
                    when excluded.last_second > {TableName}.last_second or {TableName}.last_second is null then excluded.gpus_at_last_second
                    else {TableName}.gpus_at_last_second end,
                last_second = greatest({TableName}.last_second, excluded.last_second)
            """);
        command.Parameters.Add(new() { Value = rows.Select(r => r.Tally.TenantId).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Tally.NodeId).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Tally.WindowStart).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Tally.Key.GpuModel).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Tally.Key.MigProfile ?? "").ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Tally.Key.AllocationClass).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Observed).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Sealed).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.LastSecond).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.GpusAtLastSecond).ToArray() });
        return command;
    }

    /// <summary>
    /// The tenants' tallies that can change an estimate made at <paramref name="now"/> or later:
    /// those with seconds unsealed, and those with observed seconds in the windows whose GPUs are
    /// still held (<see cref="ChargesEstimate.HeldSince"/>). Balanced rows of older windows add
    /// nothing and are left in the table, not read: a tenant with 100,000 GPUs keeps 150,000 of
    /// them for the hour they are kept. So are rows of seconds sealed and never observed, unsealed
    /// by nobody's count and holding no GPU (a backlog of the ledger makes many).
    /// </summary>
    public static async Task<IReadOnlyList<UnsealedTally>> OfTenantsAsync(
        NpgsqlTransaction transaction, IReadOnlyList<string> tenants, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction) { BatchCommands = { Read(tenants, now) } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await TalliesAsync(reader, cancellationToken);
    }

    // Two parts, each answered by an index of its own: one scan of the tenant's rows would visit every balanced row kept.
    private static NpgsqlBatchCommand Read(IReadOnlyList<string> tenants, DateTimeOffset now) => new(
        $"""
        select tenant_id, node_id, window_start, gpu_model, mig_profile, allocation_class, observed, sealed, last_second, gpus_at_last_second
        from {PricingStorage.Name}.{TableName} where tenant_id = any($1) and window_start >= $2 and observed > 0
        union all
        select tenant_id, node_id, window_start, gpu_model, mig_profile, allocation_class, observed, sealed, last_second, gpus_at_last_second
        from {PricingStorage.Name}.{TableName} where tenant_id = any($1) and window_start < $2 and observed > sealed
        """)
    {
        Parameters = { new() { Value = tenants.ToArray() }, new() { Value = ChargesEstimate.HeldSince(now) } },
    };

    /// <summary>The tallies of the reader's current result; with a batch's reader, the result of its last command.</summary>
    private static async Task<IReadOnlyList<UnsealedTally>> TalliesAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        // An upsert before the read in the batch has no result set of its own: the read's is the first.
        var tallies = new List<UnsealedTally>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var profile = reader.GetString(4);
            tallies.Add(new UnsealedTally(
                new TallyKey(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                    new PriceKey(reader.GetString(3), profile.Length == 0 ? null : profile, reader.GetString(5))),
                reader.GetInt64(6), reader.GetInt64(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.GetInt32(9)));
        }
        return tallies;
    }

    /// <summary>Deletes what can no longer change an estimate: balanced rows of windows long past, and anything older than any second may arrive.</summary>
    public static async Task PruneAsync(NpgsqlDataSource database, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"delete from {PricingStorage.Name}.{TableName} where (observed = sealed and window_start < $1) or window_start < $2")
        {
            Parameters = { new() { Value = now - KeepBalanced - UsageObserved.Window }, new() { Value = now - KeepAny } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"delete from {PricingStorage.Name}.{ObservationsTableName} where observed_at < $1")
        {
            Parameters = { new() { Value = now - KeepClaims } },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
