using System.Text.Json;
using GpuBilling.Messaging;
using Marten;
using Metering.Contracts;
using Npgsql;
using SessionOptions = Marten.Services.SessionOptions;

namespace Metering.Ledger;

/// <summary>
/// Brings seconds that wait in the intake of an earlier version (a row per node-second, its GPUs as
/// JSON) into parts and claims, and puts the seconds view in that table's place, in one
/// transaction, before this instance takes a report: registered before the bus, and hosted
/// services start one after another in registration order (Marten's schema changes come first:
/// it registers itself ahead of every other). A second is neither lost nor doubled: the old rows
/// are locked against the old version's writers, decided against the ledger and the claims like
/// any report, and the table is dropped in the same transaction. They were counted in the read
/// models when they arrived, so they are not counted again.
/// </summary>
public sealed class IntakeUpgrade(
    NpgsqlDataSource database, IDocumentStore store, SealingOptions sealing, TimeProvider clock, ILogger<IntakeUpgrade> logger) : IHostedService
{
    private static readonly string RecordedBy = $"service:metering-upgrade@{Environment.MachineName}";
    private static readonly JsonSerializerOptions OldRowJson = new(JsonSerializerDefaults.Web);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Instances starting together upgrade one at a time: the next finds the view.
        await AdvisoryLocks.MeteringSchema.TakeAsync(transaction, cancellationToken);
        await using (var kind = new NpgsqlCommand("select c.relkind::text from pg_class c where c.oid = to_regclass($1)", connection, transaction))
        {
            kind.Parameters.AddWithValue($"{MeteringStorage.Name}.{Intake.SecondsView}");
            if (await kind.ExecuteScalarAsync(cancellationToken) is "r")
                await ConvertAsync(transaction, cancellationToken);
        }
        await ExecuteAsync(transaction, Intake.SecondsViewSql, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ConvertAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var table = $"{MeteringStorage.Name}.{Intake.SecondsView}";
        // Writers of the old version wait, then fail and retry against the new tables once this commits.
        await ExecuteAsync(transaction, $"lock table {table} in exclusive mode", cancellationToken);
        var seconds = new List<(string NodeId, NodeSecond Second)>();
        await using (var read = new NpgsqlCommand($"select node_id, second, sequence, gpus::text from {table}", transaction.Connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                seconds.Add((reader.GetString(0), new NodeSecond
                {
                    Second = reader.GetFieldValue<DateTimeOffset>(1),
                    Sequence = reader.GetInt64(2),
                    Gpus = JsonSerializer.Deserialize<List<GpuSample>>(reader.GetString(3), OldRowJson)!,
                }));
        }

        var commands = RecordNodeSeconds.For(seconds, clock.GetUtcNow(), RecordedBy);
        var keys = commands.Select(c => c.StreamKey).ToList();
        await AdvisoryLocks.NodeHour.TakeExclusiveAsync(transaction, keys.Select(k => k.ToString()), cancellationToken);
        await using var session = store.QuerySession(SessionOptions.ForTransaction(transaction));
        var (parts, claimed) = Intake.Decide(
            commands, await Intake.LedgersAsync(session, keys, cancellationToken), await Intake.ClaimsAsync(transaction, keys, cancellationToken), sealing.Window);
        await Intake.AddAsync(transaction, parts, claimed, cancellationToken);
        await ExecuteAsync(transaction, $"drop table {table}", cancellationToken);
        logger.LogInformation(
            "Upgraded the intake: {Seconds} waiting node-seconds of {NodeHours} node-hours became {Parts} parts ({Kept} seconds new, the rest already sealed or claimed)",
            seconds.Count, keys.Count, parts.Count, parts.Sum(p => p.Seconds.Count));
    }

    private static async Task ExecuteAsync(NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
