using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

namespace Metering.Ledger;

/// <summary>
/// Where accepted seconds wait, durable and already visible in the read models, until the sealer
/// moves them into the ledger as one compact event per node-hour and window. They wait as parts
/// (<see cref="IntakePart"/>): a row per report window and node-hour, already decided, so a compact
/// report costs one row rather than one per second, and sealing adds parts instead of deciding
/// seconds again. Beside them, one row per node-hour with parts waiting holds the seconds claimed:
/// what a new report is checked against, with the ledger's sealed seconds.
/// </summary>
public static class Intake
{
    public const string PartsTable = "intake_parts";
    public const string ClaimsTable = "intake_claims";

    /// <summary>
    /// The waiting seconds one row each (node_id, second), as the intake table held them before parts:
    /// for operators and tests that ask how many node-seconds wait, not for the hot path.
    /// </summary>
    public const string SecondsView = "intake";

    public static Table Parts()
    {
        var table = new Table($"{MeteringStorage.Name}.{PartsTable}");
        table.AddColumn<string>("node_id").NotNull();
        table.AddColumn("hour", "timestamptz").NotNull();
        table.AddColumn("last_second", "timestamptz").NotNull();
        // Run-length text: readable, a few bytes for a window, and what the seconds view expands.
        table.AddColumn<string>("seconds").NotNull();
        table.AddColumn<string>("sequences").NotNull();
        table.AddColumn("gpus", "bytea").NotNull();
        // The sealer finds closed parts by their last second and takes a node-hour's parts by its key.
        table.Indexes.Add(new IndexDefinition($"ix_{PartsTable}_last_second") { Columns = ["last_second"] });
        table.Indexes.Add(new IndexDefinition($"ix_{PartsTable}_node_hour") { Columns = ["node_id", "hour"] });
        return table;
    }

    public static Table Claims()
    {
        var table = new Table($"{MeteringStorage.Name}.{ClaimsTable}");
        table.AddColumn<string>("node_id").AsPrimaryKey();
        table.AddColumn("hour", "timestamptz").AsPrimaryKey();
        // A fixed 456-byte bitmap: read and rewritten by every batch that touches the node-hour.
        table.AddColumn("seconds", "bytea").NotNull();
        return table;
    }

    public static readonly string SecondsViewSql =
        $"""
        create or replace view {MeteringStorage.Name}.{SecondsView} as
        select p.node_id, p.hour + make_interval(secs => s.second) as second
        from {MeteringStorage.Name}.{PartsTable} p
        cross join lateral regexp_split_to_table(p.seconds, ',') as r(run)
        cross join lateral generate_series(
            split_part(r.run, '-', 1)::int,
            coalesce(nullif(split_part(r.run, '-', 2), ''), split_part(r.run, '-', 1))::int) as s(second)
        """;

    /// <summary>
    /// The parts the commands add, one per node-hour and sealing window, with each node-hour's claims
    /// grown by them: only seconds neither sealed (<paramref name="ledgers"/>) nor claimed. The
    /// caller holds the node-hours exclusively, so nothing changes between this and the write.
    /// </summary>
    public static (List<IntakePart> Parts, List<(NodeHourKey Key, SecondSet Claimed)> Claims) Decide(
        IReadOnlyList<RecordNodeSeconds> commands,
        IReadOnlyDictionary<NodeHourKey, NodeHourLedger> ledgers,
        IReadOnlyDictionary<NodeHourKey, SecondSet> claims,
        TimeSpan window)
    {
        var parts = new List<IntakePart>(commands.Count);
        var claimed = new List<(NodeHourKey, SecondSet)>(commands.Count);
        foreach (var command in commands)
        {
            var before = claims.GetValueOrDefault(command.StreamKey) ?? SecondSet.Empty;
            var sealedSeconds = ledgers.GetValueOrDefault(command.StreamKey)?.Seen ?? SecondSet.Empty;
            var added = IntakePartDecision.Decide(command, sealedSeconds.Union(before), window);
            if (added.Count == 0) continue;
            parts.AddRange(added);
            claimed.Add((command.StreamKey, added.Aggregate(before, (set, part) => set.Union(part.Seconds))));
        }
        return (parts, claimed);
    }

    public static async Task<Dictionary<NodeHourKey, NodeHourLedger>> LedgersAsync(
        IQuerySession session, IEnumerable<NodeHourKey> keys, CancellationToken cancellationToken) =>
        (await session.LoadManyAsync<NodeHourLedger>(cancellationToken, keys.Select(k => k.ToString()))).ToDictionary(l => NodeHourKey.Parse(l.Id));

    public static async Task<Dictionary<NodeHourKey, SecondSet>> ClaimsAsync(
        NpgsqlTransaction transaction, IReadOnlyCollection<NodeHourKey> keys, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select c.node_id, c.hour, c.seconds
            from {MeteringStorage.Name}.{ClaimsTable} c
            join unnest($1::text[], $2::timestamptz[]) as k(node_id, hour) on c.node_id = k.node_id and c.hour = k.hour
            """,
            transaction.Connection, transaction);
        command.Parameters.AddWithValue(keys.Select(k => k.NodeId).ToArray());
        command.Parameters.AddWithValue(keys.Select(k => k.Hour).ToArray());
        var claims = new Dictionary<NodeHourKey, SecondSet>(keys.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            claims[new NodeHourKey(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1))] = SecondSet.FromBitmap(reader.GetFieldValue<byte[]>(2));
        return claims;
    }

    /// <summary>Writes the parts and the node-hours' claims grown by them, in one round trip.</summary>
    public static async Task AddAsync(
        NpgsqlTransaction transaction, IReadOnlyList<IntakePart> parts, IReadOnlyList<(NodeHourKey Key, SecondSet Claimed)> claims,
        CancellationToken cancellationToken)
    {
        if (parts.Count == 0) return;
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"""
            insert into {MeteringStorage.Name}.{PartsTable} (node_id, hour, last_second, seconds, sequences, gpus)
            select * from unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[], $6::bytea[])
            """)
        {
            Parameters =
            {
                new() { Value = parts.Select(p => p.NodeId).ToArray() },
                new() { Value = parts.Select(p => p.Hour).ToArray() },
                new() { Value = parts.Select(p => p.LastSecond).ToArray() },
                new() { Value = parts.Select(p => p.Seconds.ToString()).ToArray() },
                new() { Value = parts.Select(p => p.Sequences).ToArray() },
                new() { Value = parts.Select(p => IntakePartCodec.Encode(p.Gpus)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
            },
        });
        // Rows in key order (the commands' order), so concurrent writers lock them in the same order.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"""
            insert into {MeteringStorage.Name}.{ClaimsTable} (node_id, hour, seconds)
            select * from unnest($1::text[], $2::timestamptz[], $3::bytea[])
            on conflict (node_id, hour) do update set seconds = excluded.seconds
            """)
        {
            Parameters =
            {
                new() { Value = claims.Select(c => c.Key.NodeId).ToArray() },
                new() { Value = claims.Select(c => c.Key.Hour).ToArray() },
                new() { Value = claims.Select(c => c.Claimed.ToBitmap()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
            },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
