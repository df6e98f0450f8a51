using GpuBilling.Testing;

namespace Metering.Benchmarks;

/// <summary>
/// Phase 3b, freshness and compactness: the agent samples a fleet in real time, well below the
/// pipeline's maximum, while a tenant polls the usage API. The run covers at least one whole
/// sealing window and ends on a window boundary, so that once the agent stops everything it
/// sent is sealed one grace period later and the ledger's size can be measured settled.
/// </summary>
public static class FreshnessPhase
{
    private const string Name = "bench_freshness";
    private const string VirtualHost = "bench-freshness";
    /// <summary>Time for the agent to start before its first second is due.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(10);

    /// <summary>Metering's own defaults, for how long to wait for sealing when the bench does not set them.</summary>
    private static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SealingInterval = TimeSpan.FromSeconds(10);

    public static async Task<FreshnessResult> RunAsync(BenchSettings settings, int nodes, Func<IEnumerable<WatchedProcess?>> servers)
    {
        var gpus = nodes * Fleet.GpusPerNode;
        var connectionString = await Database.CreateAsync(Name);
        await Broker.CreateVirtualHostAsync(VirtualHost);
        var directory = Directory.CreateDirectory(Path.Combine(settings.WorkDirectory, "freshness")).FullName;
        await Fleet.WriteAllocationsAsync(directory, nodes);

        var metering = await Fleet.StartMeteringAsync(connectionString, VirtualHost, settings, Path.Combine(directory, "metering.log"));
        var meteringMemory = MemoryWatch.Start("metering", metering.Id);
        try
        {
            var before = (await TableSizes.SettledAsync(connectionString, MeteringStorage.Name)).Tables;

            var start = PlannedStart(DateTimeOffset.UtcNow);
            var end = RunEnd(start, settings.SealingWindow, settings.FreshnessMinimum);
            var seconds = (int)(end - start).TotalSeconds;
            Console.WriteLine($"  {nodes:N0} nodes ({gpus:N0} GPUs) in real time from {start:HH:mm:ss} to {end:HH:mm:ss} UTC ({seconds} s), "
                + $"sealing window {settings.SealingWindow:c}; finished about {end + (settings.SealingGrace ?? DefaultGrace) + SealingInterval:HH:mm:ss} UTC");

            await using var agent = ServiceProcess.Start("NodeAgent",
                Fleet.AgentSettings(VirtualHost, directory, nodes, start, seconds, realtime: true, settings),
                Path.Combine(directory, "node-agent.log"));
            var agentMemory = MemoryWatch.Start("node-agent", agent.Id);

            var visibility = await UsageVisibility.PollAsync(metering.Address, start, seconds, gpus, TimeSpan.FromMinutes(2),
                () => [.. servers(), new("metering", metering.Id), new("node-agent", agent.Id)]);
            if (visibility.Latencies.Count < seconds)
                throw new BenchmarkFailed($"Only {visibility.Latencies.Count} of {seconds} seconds became visible within 2 minutes of the last.");

            var exit = await agent.WaitForExitAsync(TimeSpan.FromMinutes(2));
            if (exit != 0) throw new BenchmarkFailed($"The agent exited with {exit}; see {agent.LogFile}");

            var sealDeadline = end + (settings.SealingGrace ?? DefaultGrace) + SealingInterval + TimeSpan.FromMinutes(2);
            await Wait.UntilAsync(
                async () => await Database.ScalarAsync<long>(connectionString, $"select count(*) from {MeteringStorage.Name}.intake") == 0,
                sealDeadline - DateTimeOffset.UtcNow, "the sealer to empty the intake", TimeSpan.FromSeconds(1));
            var sealedAfterEnd = DateTimeOffset.UtcNow - end;

            // Stopped before measuring, so nothing writes while VACUUM settles the tables.
            ProcessMemory[] memory = [await agentMemory.StopAsync(), await meteringMemory.StopAsync()];
            await metering.DisposeAsync();
            var after = (await TableSizes.SettledAsync(connectionString, MeteringStorage.Name)).Tables;

            var recorded = await Database.ScalarAsync<long>(connectionString, $"select coalesce(sum(gpu_seconds), 0)::bigint from {MeteringStorage.Name}.usage_buckets");
            if (recorded != (long)gpus * seconds)
                throw new BenchmarkFailed($"usage_buckets holds {recorded:N0} GPU-seconds; the fleet sampled {(long)gpus * seconds:N0}.");
            var events = await Database.ScalarAsync<long>(connectionString, $"select count(*) from {MeteringStorage.Name}.mt_events");
            var eventBytes = await Database.ScalarAsync<double>(connectionString, $"select coalesce(avg(pg_column_size(data)), 0)::float8 from {MeteringStorage.Name}.mt_events");

            return new FreshnessResult(nodes, gpus, start, seconds, settings.SealingWindow, visibility.Latencies,
                visibility.Polls, visibility.FailedPolls, visibility.Cpu, sealedAfterEnd, before, after, recorded, events, eventBytes, memory);
        }
        finally
        {
            await metering.DisposeAsync();
        }
    }

    /// <summary>The first whole second the agent samples if the run starts now (after <paramref name="lead"/>, 10 s by default).</summary>
    public static DateTimeOffset PlannedStart(DateTimeOffset now, TimeSpan? lead = null) =>
        DateTimeOffset.FromUnixTimeSeconds(now.Add(lead ?? Lead).ToUnixTimeSeconds());

    /// <summary>
    /// How much of the current sealing window a run started now would spend before its whole
    /// window begins: time the run takes anyway, which other work can use instead.
    /// </summary>
    public static TimeSpan UntilWholeWindow(BenchSettings settings)
    {
        var start = PlannedStart(DateTimeOffset.UtcNow);
        return RunEnd(start, settings.SealingWindow, TimeSpan.Zero) - settings.SealingWindow - start;
    }

    /// <summary>
    /// The first window boundary (aligned as the sealer aligns them) that leaves a whole window
    /// after <paramref name="start"/>, moved on by whole windows until the run is long enough.
    /// </summary>
    public static DateTimeOffset RunEnd(DateTimeOffset start, TimeSpan window, TimeSpan minimum)
    {
        var ticks = window.Ticks;
        var firstBoundary = (start.UtcTicks + ticks - 1) / ticks * ticks;
        var end = new DateTimeOffset(firstBoundary + ticks, TimeSpan.Zero);
        while (end - start < minimum) end += window;
        return end;
    }
}

public sealed record FreshnessResult(
    int Nodes,
    int Gpus,
    DateTimeOffset Start,
    int Seconds,
    TimeSpan SealingWindow,
    IReadOnlyList<double> Latencies,
    int Polls,
    int FailedPolls,
    CpuReport Cpu,
    TimeSpan SealedAfterEnd,
    IReadOnlyDictionary<string, TableSize> SizesBefore,
    IReadOnlyDictionary<string, TableSize> SizesAfter,
    long GpuSeconds,
    long Events,
    double AverageEventBytes,
    IReadOnlyList<ProcessMemory> Memory)
{
    public double Percentile(double p) => Statistics.Percentile(Latencies, p);

    public long Growth(string table) => (SizesAfter.GetValueOrDefault(table)?.Total ?? 0) - (SizesBefore.GetValueOrDefault(table)?.Total ?? 0);

    public long TotalGrowth => SizesAfter.Keys.Union(SizesBefore.Keys).Sum(Growth);

    public double BytesPerGpuSecond => (double)TotalGrowth / GpuSeconds;

    public double GpuSecondsPerEvent => Events == 0 ? 0 : (double)GpuSeconds / Events;
}

public static class Statistics
{
    /// <summary>Nearest-rank percentile: a value some sample actually had.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
