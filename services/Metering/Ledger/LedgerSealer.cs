using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Marten;
using Metering.Nodes;
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

    /// <summary>
    /// How long a node may send nothing before its unfinished window is sealed as it stands: until
    /// then a window waits for the node to report its end, so a backlog drained long after the wall
    /// clock closed the window still seals it as one event. A stopped node's last window waits this long.
    /// </summary>
    public TimeSpan NodeQuiet { get; set; } = TimeSpan.FromMinutes(5);

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

    /// <summary>
    /// Seals every second before the last closed window's end whose node has reported past its
    /// window or gone quiet; returns the events appended.
    /// </summary>
    public async Task<int> SealClosedWindowsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = new Cutoff(ClosedBefore(now, options), now - options.NodeQuiet, WindowOf(options));
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
        var windowTicks = WindowOf(options).Ticks;
        var ticks = (now - options.Grace).UtcTicks;
        return new DateTimeOffset(ticks - ticks % windowTicks, TimeSpan.Zero);
    }

    private static TimeSpan WindowOf(SealingOptions options) => TimeSpan.FromTicks(Math.Max(options.Window.Ticks, TimeSpan.TicksPerSecond));

    /// <summary>What a pass may seal: windows the wall clock has closed, of nodes that reported past their end or went quiet.</summary>
    private readonly record struct Cutoff(DateTimeOffset ClosedBefore, DateTimeOffset QuietBefore, TimeSpan Window)
    {
        public void AddTo(NpgsqlParameterCollection parameters)
        {
            parameters.AddWithValue(ClosedBefore);
            parameters.AddWithValue(QuietBefore);
            parameters.AddWithValue(Window);
        }
    }

    /// <summary>
    /// The parts <c>p</c> (with their node's reporting <c>r</c>, left joined) a pass may seal, given the
    /// <see cref="Cutoff"/> as parameters from <paramref name="first"/> on. Besides the wall clock's
    /// cutoff, the node must have reported a second at or after its window's end (windows start at
    /// tick 0, as <see cref="IntakePartDecision"/> cuts them), or have been quiet for
    /// <see cref="SealingOptions.NodeQuiet"/>: under a backlog the wall clock closes every window,
    /// and sealing what has merely arrived so far would make a window many events. A node with no
    /// reporting row seals by the wall clock alone.
    /// </summary>
    private static string Sealable(int first) =>
        $"""
        p.last_second < ${first}
        and (r.node_id is null or r.last_recorded_at <= ${first + 1}
             or p.last_second < date_bin(${first + 2}::interval, r.last_second + interval '1 second', timestamptz '0001-01-01 00:00:00+00'))
        """;

    private async Task<List<NodeHourKey>> WaitingNodeHoursAsync(Cutoff cutoff, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            select distinct p.node_id, p.hour
            from {MeteringStorage.Name}.{Intake.PartsTable} p
            left join {MeteringStorage.Name}.{NodeReporting.TableName} r on r.node_id = p.node_id
            where {Sealable(1)}
            limit $4
            """);
        cutoff.AddTo(command.Parameters);
        command.Parameters.AddWithValue(options.NodeHoursPerTransaction);
        var nodeHours = new List<NodeHourKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            nodeHours.Add(new NodeHourKey(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return nodeHours;
    }

    private async Task<int> SealAsync(List<NodeHourKey> nodeHours, Cutoff cutoff, CancellationToken cancellationToken)
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
        NpgsqlTransaction transaction, List<NodeHourKey> nodeHours, Cutoff cutoff, CancellationToken cancellationToken)
    {
        var nodes = nodeHours.Select(n => n.NodeId).ToArray();
        var hours = nodeHours.Select(n => n.Hour).ToArray();
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        var takeParts = new NpgsqlBatchCommand(
            $"""
            delete from {MeteringStorage.Name}.{Intake.PartsTable} p
            using unnest($1::text[], $2::timestamptz[]) as n(node_id, hour)
            left join {MeteringStorage.Name}.{NodeReporting.TableName} r on r.node_id = n.node_id
            where p.node_id = n.node_id and p.hour = n.hour and {Sealable(3)}
            returning p.node_id, p.hour, p.seconds, p.sequences, p.gpus
            """)
        {
            Parameters = { new() { Value = nodes }, new() { Value = hours } },
        };
        cutoff.AddTo(takeParts.Parameters);
        batch.BatchCommands.Add(takeParts);
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
