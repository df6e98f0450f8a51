using GpuBilling.Testing;
using Metering.Ingestion;
using Npgsql;

namespace Metering.Benchmarks;

/// <summary>How the throughput run feeds metering.</summary>
public enum PipelineMode
{
    /// <summary>Phase 3a: the agent and metering run together, as in production.</summary>
    Concurrent,

    /// <summary>
    /// Metering alone: the agent queues its whole backlog first and exits, then metering drains
    /// the queue. Not one of the issue's figures: it shows what the service does when the agent's
    /// CPU (spread over the fleet's own machines in production) is not on this machine.
    /// </summary>
    Backlog,
}

/// <summary>
/// Phase 3a, the whole pipeline at full speed: the real agent replays a backlog (one node-second
/// per message, like phases 1 and 2) through RabbitMQ into the real metering service, and the
/// rate is read where a tenant would see it, in `usage_buckets`, from the first GPU-second
/// visible to the last. Every GPU-second sent must arrive exactly once, or the run fails.
/// </summary>
public static class PipelineThroughputPhase
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(90);

    /// <param name="instances">
    /// Metering processes competing on the queue, each on its own port with the same database
    /// and virtual host, as they would be deployed side by side.
    /// </param>
    public static async Task<PipelineResult> RunAsync(
        BenchSettings settings, int nodes, int seconds, PipelineMode mode, int instances, Func<IEnumerable<WatchedProcess?>> servers)
    {
        var name = mode == PipelineMode.Concurrent ? "pipeline" : "backlog";
        if (instances > 1) name += $"_x{instances}";
        var virtualHost = $"bench-{name}";
        var expected = (long)nodes * Fleet.GpusPerNode * seconds;
        var connectionString = await Database.CreateAsync($"bench_{name}");
        await Broker.CreateVirtualHostAsync(virtualHost);
        // The backlog mode's agent runs before metering has ever run.
        await Broker.DeclareReportsQueueAsync(virtualHost);
        var directory = Directory.CreateDirectory(Path.Combine(settings.WorkDirectory, name)).FullName;
        await Fleet.WriteAllocationsAsync(directory, nodes);

        var metering = new List<(ServiceProcess Process, MemoryWatch Memory)>();
        async Task StartMeteringAsync()
        {
            var started = await Task.WhenAll(Enumerable.Range(1, instances).Select(async instance =>
            {
                var process = await Fleet.StartMeteringAsync(connectionString, virtualHost, settings,
                    Path.Combine(directory, instances == 1 ? "metering.log" : $"metering-{instance}.log"));
                return (process, MemoryWatch.Start(InstanceName(instance, instances), process.Id));
            }));
            metering.AddRange(started);
        }

        // A backlog from the recent past: well inside the accepted lateness, and its windows are
        // already closed, so the sealer works alongside intake as it would after an outage.
        var startAt = QuarterHourFloor(DateTimeOffset.UtcNow.AddSeconds(-seconds).AddHours(-1));
        if (mode == PipelineMode.Concurrent) await StartMeteringAsync();
        try
        {
            var agentStarted = DateTimeOffset.UtcNow;
            await using var agent = ServiceProcess.Start("NodeAgent",
                Fleet.AgentSettings(virtualHost, directory, nodes, startAt, seconds, realtime: false, settings),
                Path.Combine(directory, "node-agent.log"));
            var agentMemory = MemoryWatch.Start("node-agent", agent.Id);
            var sourceEnded = agent.WhenPrintedAsync("The GPU source ended");
            if (mode == PipelineMode.Backlog)
            {
                await ExitedCleanlyAsync(agent, TimeSpan.FromMinutes(15));
                await StartMeteringAsync();
            }
            var activityBefore = await Database.ActivityAsync(connectionString);

            WatchedProcess?[] Watched() =>
            [
                .. servers(),
                .. metering.Select((m, i) => new WatchedProcess(InstanceName(i + 1, instances), m.Process.Id)),
                agent.HasExited ? null : new("node-agent", agent.Id),
            ];
            var progress = await WatchUntilCompleteAsync(connectionString, virtualHost, expected, Watched, agent);
            var activity = await Database.ActivityAsync(connectionString) - activityBefore;

            await ExitedCleanlyAsync(agent, TimeSpan.FromMinutes(2));
            await CheckNothingLeftOrDoubledAsync(connectionString, virtualHost, expected, directory);
            ProcessMemory[] memory = [await agentMemory.StopAsync(), .. await Task.WhenAll(metering.Select(m => m.Memory.StopAsync()))];

            return new PipelineResult(
                mode, instances, nodes, seconds, settings.SecondsPerMessage, expected, progress.FirstVisible - agentStarted, progress.Drain,
                progress.GpuSecondsDrained, progress.Cpu, activity, progress.MaxQueueDepth,
                sourceEnded.IsCompletedSuccessfully ? sourceEnded.Result - agentStarted : null, memory);
        }
        finally
        {
            foreach (var (process, _) in metering) await process.DisposeAsync();
        }
    }

    /// <summary>"metering" alone, "metering#1", "metering#2"... side by side (<see cref="CpuReport.CpuSecondsOf"/> sums them).</summary>
    private static string InstanceName(int instance, int instances) => instances == 1 ? "metering" : $"metering#{instance}";

    private static async Task ExitedCleanlyAsync(ServiceProcess agent, TimeSpan timeout)
    {
        var exit = await agent.WaitForExitAsync(timeout);
        if (exit != 0) throw new BenchmarkFailed($"The agent exited with {exit}; see {agent.LogFile}");
    }

    private sealed record Progress(
        DateTimeOffset FirstVisible, TimeSpan Drain, long GpuSecondsDrained, CpuReport Cpu, long MaxQueueDepth);

    /// <summary>
    /// Polls the read model's total until it reaches what was sent; times the drain from the
    /// first poll that saw anything to the first that saw everything, and measures the CPU over
    /// exactly that span.
    /// </summary>
    private static async Task<Progress> WatchUntilCompleteAsync(
        string connectionString, string virtualHost, long expected, Func<IEnumerable<WatchedProcess?>> watched, ServiceProcess agent)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var sum = new NpgsqlCommand($"select coalesce(sum(gpu_seconds), 0)::bigint from {MeteringStorage.Name}.usage_buckets", connection);

        (DateTimeOffset At, long Total)? first = null;
        CpuMeter? cpu = null;
        var lastChange = (At: DateTimeOffset.UtcNow, Total: 0L);
        var lastSample = DateTimeOffset.MinValue;
        long maxDepth = 0;
        using var timer = new PeriodicTimer(PollEvery);
        while (await timer.WaitForNextTickAsync())
        {
            var total = (long)(await sum.ExecuteScalarAsync())!;
            var now = DateTimeOffset.UtcNow;
            if (total > expected) throw new BenchmarkFailed($"usage_buckets holds {total:N0} GPU-seconds, more than the {expected:N0} sent.");
            if (first is null && total > 0)
            {
                first = (now, total);
                cpu = CpuMeter.Start(watched());
            }
            if (total == expected)
            {
                var report = cpu!.Stop();
                return new Progress(first!.Value.At, now - first.Value.At, expected - first.Value.Total, report, maxDepth);
            }
            if (total != lastChange.Total) lastChange = (now, total);
            if (now - lastChange.At > StallLimit)
            {
                var queue = await Broker.QueueAsync(virtualHost, GpuUsageReportedConsumerDefinition.QueueName);
                throw new BenchmarkFailed(
                    $"LOST: usage_buckets stuck at {total:N0} of {expected:N0} GPU-seconds for {StallLimit.TotalSeconds} s "
                    + $"(queue holds {queue?.Messages}, agent {(agent.HasExited ? "exited" : "running")}); see the logs in {Path.GetDirectoryName(agent.LogFile)}");
            }
            if (now - lastSample >= TimeSpan.FromSeconds(1))
            {
                lastSample = now;
                cpu?.Sample();
                maxDepth = Math.Max(maxDepth, (await Broker.QueueAsync(virtualHost, GpuUsageReportedConsumerDefinition.QueueName))?.Messages ?? 0);
            }
        }
        throw new InvalidOperationException("The poll timer stopped.");
    }

    /// <summary>
    /// Exactly what was sent, nothing rejected, nothing left in the spool. The queue may still
    /// hold copies the agent sent again (a confirm that came late): they must drain and add nothing.
    /// </summary>
    private static async Task CheckNothingLeftOrDoubledAsync(string connectionString, string virtualHost, long expected, string directory)
    {
        // The management API's counts lag by up to its 5-second statistics interval.
        await Wait.UntilAsync(
            async () => await Broker.QueueAsync(virtualHost, GpuUsageReportedConsumerDefinition.QueueName) is { Messages: 0 },
            TimeSpan.FromMinutes(2), "the gpu-usage queue to drain", TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(6));
        var total = await Database.ScalarAsync<long>(connectionString, $"select coalesce(sum(gpu_seconds), 0)::bigint from {MeteringStorage.Name}.usage_buckets");
        if (total != expected) throw new BenchmarkFailed($"usage_buckets holds {total:N0} GPU-seconds after the drain; {expected:N0} were sent.");
        foreach (var queue in new[] { GpuUsageReportedConsumerDefinition.QueueName, GpuUsageReportedConsumer.RejectedQueue, "gpu-usage_error" })
        {
            if (await Broker.QueueAsync(virtualHost, queue) is { Messages: > 0 } left)
                throw new BenchmarkFailed($"{left.Messages} messages are left in {queue}.");
        }
        // The agent exits once drained, and a drained spool removes its segments on the way out.
        var segments = Directory.EnumerateFiles(Path.Combine(directory, "spool"), "*.seg").Count();
        if (segments > 0) throw new BenchmarkFailed($"{segments} segments are left in the agent's spool.");
    }

    private static DateTimeOffset QuarterHourFloor(DateTimeOffset instant) =>
        DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds() / 900 * 900);
}

public sealed record PipelineResult(
    PipelineMode Mode,
    int Instances,
    int Nodes,
    int Seconds,
    int SecondsPerMessage,
    long GpuSeconds,
    TimeSpan FirstVisibleAfter,
    TimeSpan Drain,
    long GpuSecondsDrained,
    CpuReport Cpu,
    DatabaseActivity Activity,
    long MaxQueueDepth,
    TimeSpan? SpooledAfter,
    IReadOnlyList<ProcessMemory> Memory)
{
    public long NodeSeconds => (long)Nodes * Seconds;
    public long Messages => (long)Nodes * ((Seconds + SecondsPerMessage - 1) / SecondsPerMessage);
    public double GpuSecondsPerSecond => GpuSecondsDrained / Drain.TotalSeconds;
    public double NodeSecondsPerSecond => GpuSecondsPerSecond / Fleet.GpusPerNode;
    public double MessagesPerSecond => NodeSecondsPerSecond / SecondsPerMessage;
}

/// <summary>A check of the system failed (seconds lost or counted twice): the run fails loudly.</summary>
public sealed class BenchmarkFailed(string message) : Exception(message);
