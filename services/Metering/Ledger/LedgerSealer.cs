using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Marten;
using Npgsql;

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
/// Moves waiting seconds from the intake into the ledger: for each node-hour, the parts of closed
/// windows merge into one <see cref="NodeUsageRecorded"/> and leave the intake in the same
/// transaction. Every instance may run it: the exclusive node-hour lock and the delete that
/// returns the rows make a second sealer find nothing left to seal.
/// </summary>
public sealed class LedgerSealer(
    NpgsqlDataSource database,
    WriteTransactions writes,
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

    private async Task<List<NodeHourKey>> WaitingNodeHoursAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            select distinct node_id, hour
            from {MeteringStorage.Name}.{Intake.PartsTable}
            where last_second < $1
            limit $2
            """);
        command.Parameters.AddWithValue(cutoff);
        command.Parameters.AddWithValue(options.NodeHoursPerTransaction);
        var nodeHours = new List<NodeHourKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            nodeHours.Add(new NodeHourKey(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return nodeHours;
    }

    private async Task<int> SealAsync(List<NodeHourKey> nodeHours, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var write = await writes.BeginAsync(cancellationToken);
        var (session, transaction) = (write.Session, write.Transaction);
        await AdvisoryLocks.NodeHour.TakeExclusiveAsync(transaction, nodeHours.Select(n => n.ToString()), cancellationToken);

        var parts = await TakeFromIntakeAsync(transaction, nodeHours, cutoff, cancellationToken);
        var now = clock.GetUtcNow();

        var batch = session.CreateBatchQuery();
        var streams = parts
            .OrderBy(p => p.Key.ToString(), StringComparer.Ordinal)
            .Select(p => (Parts: p.Value, Stream: batch.Events.FetchForWriting<NodeHourLedger>(p.Key.ToString())))
            .ToList();
        await batch.Execute(cancellationToken);

        var appended = 0;
        foreach (var (nodeHourParts, fetch) in streams)
        {
            var stream = await fetch;
            if (IntakePartMerge.DecideSealed(nodeHourParts, stream.StateOf(), now, RecordedBy) is not { } recorded) continue;
            stream.AppendOne(recorded);
            appended++;
        }
        await write.CommitAsync(cancellationToken);
        return appended;
    }

    /// <summary>
    /// Deletes the node-hours' closed parts and returns them, and drops the claims of node-hours left
    /// with no part: their seconds are in the ledger's seen-set from this transaction on.
    /// </summary>
    private static async Task<Dictionary<NodeHourKey, List<IntakePart>>> TakeFromIntakeAsync(
        NpgsqlTransaction transaction, List<NodeHourKey> nodeHours, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var nodes = nodeHours.Select(n => n.NodeId).ToArray();
        var hours = nodeHours.Select(n => n.Hour).ToArray();
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"""
            delete from {MeteringStorage.Name}.{Intake.PartsTable} p
            using unnest($1::text[], $2::timestamptz[]) as n(node_id, hour)
            where p.node_id = n.node_id and p.hour = n.hour and p.last_second < $3
            returning p.node_id, p.hour, p.seconds, p.sequences, p.gpus
            """)
        {
            Parameters = { new() { Value = nodes }, new() { Value = hours }, new() { Value = cutoff } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"""
            delete from {MeteringStorage.Name}.{Intake.ClaimsTable} c
            using unnest($1::text[], $2::timestamptz[]) as n(node_id, hour)
            where c.node_id = n.node_id and c.hour = n.hour
              and not exists (select from {MeteringStorage.Name}.{Intake.PartsTable} p where p.node_id = c.node_id and p.hour = c.hour)
            """)
        {
            Parameters = { new() { Value = nodes }, new() { Value = hours } },
        });

        var parts = new Dictionary<NodeHourKey, List<IntakePart>>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var part = new IntakePart(
                reader.GetString(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                SecondSet.Parse(reader.GetString(2)),
                reader.GetString(3),
                IntakePartCodec.Decode(reader.GetFieldValue<byte[]>(4)));
            var key = new NodeHourKey(part.NodeId, part.Hour);
            if (parts.TryGetValue(key, out var list)) list.Add(part);
            else parts[key] = [part];
        }
        // The claims' delete runs after the parts are read; its failure must fail the transaction here.
        await reader.NextResultAsync(cancellationToken);
        return parts;
    }
}
