using System.Text.Json;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Marten;
using Metering.Contracts;
using Npgsql;
using SessionOptions = Marten.Services.SessionOptions;

namespace Metering.Ledger;

public sealed class SealingOptions
{
    /// <summary>
    /// Seconds are sealed in windows of this length (aligned in UTC), so one event holds a node's
    /// window: longer windows make a smaller ledger, shorter ones a fresher one. Freshness does
    /// not depend on it: the read models count a second when it enters the intake.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long after a window ends its stragglers are waited for before it is sealed.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many node-hours one sealing transaction takes.</summary>
    public int NodeHoursPerTransaction { get; set; } = 200;
}

/// <summary>
/// Moves waiting seconds from the intake into the ledger: for each node-hour, the rows of closed
/// windows become one <see cref="NodeUsageRecorded"/> and leave the intake in the same
/// transaction. Every instance may run it: the exclusive node-hour lock and the delete that
/// returns the rows make a second sealer find nothing left to seal.
/// </summary>
public sealed class LedgerSealer(
    NpgsqlDataSource database,
    IDocumentStore store,
    SealingOptions options,
    TimeProvider clock,
    ILogger<LedgerSealer> logger) : BackgroundService
{
    private static readonly string RecordedBy = $"service:metering-sealer@{Environment.MachineName}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SealClosedWindowsAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sealing failed; the intake keeps the seconds and the next pass retries");
            }
            await Task.Delay(options.Interval, clock, stoppingToken);
        }
    }

    /// <summary>Seals every second before the last closed window's end; returns the events appended.</summary>
    public async Task<int> SealClosedWindowsAsync(CancellationToken cancellationToken)
    {
        var cutoff = ClosedBefore(clock.GetUtcNow(), options);
        var appended = 0;
        while (true)
        {
            var nodeHours = await WaitingNodeHoursAsync(cutoff, cancellationToken);
            if (nodeHours.Count == 0) return appended;
            appended += await SealAsync(nodeHours, cutoff, cancellationToken);
        }
    }

    /// <summary>The end of the latest window whose grace has passed.</summary>
    public static DateTimeOffset ClosedBefore(DateTimeOffset now, SealingOptions options)
    {
        var windowTicks = Math.Max(options.Window.Ticks, TimeSpan.TicksPerSecond);
        var ticks = (now - options.Grace).UtcTicks;
        return new DateTimeOffset(ticks - ticks % windowTicks, TimeSpan.Zero);
    }

    private async Task<List<(string NodeId, DateTimeOffset Hour)>> WaitingNodeHoursAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            select distinct node_id, date_trunc('hour', second, 'UTC')
            from {MeteringStorage.Name}.{Intake.TableName}
            where second < $1
            limit $2
            """);
        command.Parameters.AddWithValue(cutoff);
        command.Parameters.AddWithValue(options.NodeHoursPerTransaction);
        var nodeHours = new List<(string, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            nodeHours.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return nodeHours;
    }

    private async Task<int> SealAsync(List<(string NodeId, DateTimeOffset Hour)> nodeHours, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await AdvisoryLocks.NodeHour.TakeExclusiveAsync(transaction, nodeHours.Select(n => new NodeHourKey(n.NodeId, n.Hour).ToString()), cancellationToken);

        var seconds = await TakeFromIntakeAsync(transaction, nodeHours, cutoff, cancellationToken);
        var commands = RecordNodeSeconds.For(seconds, clock.GetUtcNow(), RecordedBy);

        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction));
        var batch = session.CreateBatchQuery();
        var streams = commands.Select(c => (Command: c, Stream: batch.Events.FetchForWriting<NodeHourLedger>(c.StreamKey.ToString()))).ToList();
        await batch.Execute(cancellationToken);

        var appended = 0;
        foreach (var (command, fetch) in streams)
        {
            var stream = await fetch;
            // Intake never admits a sealed second, so every row is new here; the decision still
            // guards the ledger against counting one twice.
            if (RecordNodeSecondsDecision.DecideSealed(command, stream.StateOf()) is not { } recorded) continue;
            stream.AppendOne(recorded);
            appended++;
        }
        await session.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return appended;
    }

    private static async Task<List<(string NodeId, NodeSecond Second)>> TakeFromIntakeAsync(
        NpgsqlTransaction transaction, List<(string NodeId, DateTimeOffset Hour)> nodeHours, DateTimeOffset cutoff,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            delete from {MeteringStorage.Name}.{Intake.TableName} i
            using unnest($1::text[], $2::timestamptz[]) as n(node_id, hour)
            where i.node_id = n.node_id and i.second >= n.hour and i.second < n.hour + interval '1 hour' and i.second < $3
            returning i.node_id, i.second, i.sequence, i.gpus::text
            """,
            transaction.Connection, transaction);
        command.Parameters.AddWithValue(nodeHours.Select(n => n.NodeId).ToArray());
        command.Parameters.AddWithValue(nodeHours.Select(n => n.Hour).ToArray());
        command.Parameters.AddWithValue(cutoff);

        var seconds = new List<(string, NodeSecond)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            seconds.Add((reader.GetString(0), new NodeSecond
            {
                Second = reader.GetFieldValue<DateTimeOffset>(1),
                Sequence = reader.GetInt64(2),
                Gpus = JsonSerializer.Deserialize<List<GpuSample>>(reader.GetString(3), Intake.Json)!,
            }));
        }
        return seconds;
    }
}
