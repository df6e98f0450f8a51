using System.Text.Json;
using GpuBilling.Messaging;
using Marten;
using Metering.Contracts;
using Npgsql;
using Weasel.Postgresql.Tables;
using SessionOptions = Marten.Services.SessionOptions;

namespace Metering.Ledger;

/// <summary>
/// Where an accepted second waits, durable and already visible in the read models, until the
/// sealer moves it into the ledger as part of one compact event per node and window. One row per
/// node-second is far too many to keep (a 10,000-GPU fleet makes 864 million GPU-seconds a
/// day), but a few minutes of them is a small table whose space is reused row for row.
/// </summary>
public static class Intake
{
    public const string TableName = "intake";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Table Table()
    {
        var table = new Table($"{MeteringStorage.Name}.{TableName}");
        table.AddColumn<string>("node_id").AsPrimaryKey();
        table.AddColumn("second", "timestamptz").AsPrimaryKey();
        table.AddColumn<long>("sequence").NotNull();
        table.AddColumn("gpus", "jsonb").NotNull();
        return table;
    }
}

/// <summary>
/// The intake's write path, one transaction per batch: lock the node-hours, drop the seconds the
/// ledger already sealed, insert the rest (the primary key drops those already waiting), and
/// count exactly the rows that went in into the read models. The deduplication claim and the
/// usage it protects commit together or not at all.
/// </summary>
public sealed class IntakeWriter(NpgsqlDataSource database, IDocumentStore store, IEnumerable<ILedgerReadModel> readModels, TimeProvider clock)
{
    private static readonly string RecordedBy = $"service:metering@{Environment.MachineName}";

    /// <summary>Records the reported node-seconds, whichever report form carried them, and returns how many GPU-seconds were new.</summary>
    public async Task<IReadOnlyList<NodeUsageRecorded>> RecordAsync(IEnumerable<(string NodeId, NodeSecond Second)> seconds, CancellationToken cancellationToken)
    {
        var commands = RecordNodeSeconds.For(seconds, clock.GetUtcNow(), RecordedBy);
        if (commands.Count == 0) return [];

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var keys = commands.Select(c => c.StreamKey).ToList();
        // Locked by the stream key's text, so the lock of a node-hour is the same in every version.
        await AdvisoryLocks.NodeHour.TakeSharedAsync(transaction, keys.Select(k => k.ToString()), cancellationToken);

        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction));
        var ledgers = (await session.LoadManyAsync<NodeHourLedger>(cancellationToken, keys.Select(k => k.ToString()))).ToDictionary(l => NodeHourKey.Parse(l.Id));
        var unsealed = commands
            .Select(c => c with { Seconds = RecordNodeSecondsDecision.FreshSeconds(c, ledgers.GetValueOrDefault(c.StreamKey)) })
            .Where(c => c.Seconds.Count > 0)
            .ToList();
        var inserted = await InsertAsync(transaction, unsealed, cancellationToken);

        // What the read models count is what the ledger will hold once sealed: the same decision on the same seconds.
        var accepted = unsealed
            .Select(c => RecordNodeSecondsDecision.Decide(
                c with { Seconds = [.. c.Seconds.Where(s => inserted.Contains((c.NodeId, s.Second)))] }, null))
            .OfType<NodeUsageRecorded>()
            .ToList();
        foreach (var readModel in readModels) readModel.Apply(session, accepted);
        await session.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return accepted;
    }

    private static async Task<HashSet<(string NodeId, DateTimeOffset Second)>> InsertAsync(
        NpgsqlTransaction transaction, List<RecordNodeSeconds> commands, CancellationToken cancellationToken)
    {
        var rows = commands.SelectMany(c => c.Seconds.Select(s => (c.NodeId, Second: s))).ToList();
        await using var command = new NpgsqlCommand(
            $"""
            insert into {MeteringStorage.Name}.{Intake.TableName} (node_id, second, sequence, gpus)
            select * from unnest($1::text[], $2::timestamptz[], $3::bigint[], $4::jsonb[])
            on conflict do nothing
            returning node_id, second
            """,
            transaction.Connection, transaction);
        command.Parameters.AddWithValue(rows.Select(r => r.NodeId).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.Second.Second).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.Second.Sequence).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => JsonSerializer.Serialize(r.Second.Gpus, Intake.Json)).ToArray());

        var inserted = new HashSet<(string, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            inserted.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return inserted;
    }
}
