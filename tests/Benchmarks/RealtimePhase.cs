using GpuBilling.Testing;
using Metering.Ingestion;
using Metering.Ledger;

namespace Metering.Benchmarks;

/// <summary>
/// Issue 17's targets 2 and 4: the real agent samples a fleet of 100,000 GPUs (12,500 nodes × 8) in
/// real time with the compact report at its default window and its spool as durable as by default
/// (one fsync per window), into the real metering, pricing and invoicing at their defaults, for
/// `BENCH_REALTIME_MINUTES` and on to the next sealing-window boundary, while a tenant polls the
/// usage API. Then the agent stops, everything is sealed, rated and tallied, the services stop,
/// `VACUUM`, and what every schema grew by is divided by the GPU-seconds recorded. A GPU-second lost
/// or counted twice anywhere (the read models, pricing's accrual, invoicing's tally) fails the run.
/// </summary>
public static class RealtimePhase
{
    private const string Name = "bench_realtime";
    private const string VirtualHost = "bench-realtime";
    private const string Card = "bench-realtime";

    /// <summary>An agent of 12,500 nodes reads a 100,000-GPU allocation file and builds its fleet before its first second.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(30);

    /// <summary>The queue's depth after this long is the baseline the end is compared with.</summary>
    public static readonly TimeSpan Baseline = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);

    /// <summary>How long after the last second the usage API may take to show it before the rest count as never visible.</summary>
    private static readonly TimeSpan VisibilityPatience = TimeSpan.FromMinutes(5);

    /// <summary>For sealing, rating and tallying after the agent stopped, beyond the sealing window's own wait.</summary>
    private static readonly TimeSpan Settling = TimeSpan.FromMinutes(5);

    public static async Task<RealtimeResult> RunAsync(BenchSettings settings, Func<IEnumerable<WatchedProcess?>> servers)
    {
        var nodes = settings.RealtimeNodes;
        var gpus = nodes * Fleet.GpusPerNode;
        var connectionString = await Database.CreateAsync(Name);
        await Broker.CreateVirtualHostAsync(VirtualHost);
        var directory = Directory.CreateDirectory(Path.Combine(settings.WorkDirectory, "realtime")).FullName;
        await Fleet.WriteAllocationsAsync(directory, nodes);

        await using var metering = await Fleet.StartMeteringAsync(connectionString, VirtualHost, settings, Path.Combine(directory, "metering.log"));
        // Pricing's clock runs behind, so the card is in force from the start of the 5-minute window
        // the run begins in: a window a version starts within is never estimated.
        await using var pricing = await BillingServices.StartAsync("Pricing", VirtualHost, connectionString, Path.Combine(directory, "pricing.log"),
            TimeSpan.FromMinutes(-6), Pricing.Estimates.UsageObservedConsumerDefinition.QueueName, Pricing.Accrual.UsageRecordedConsumerDefinition.QueueName);
        await using var invoicing = await BillingServices.StartAsync("Invoicing", VirtualHost, connectionString, Path.Combine(directory, "invoicing.log"), null,
            Invoicing.Standing.ChargesEstimatedConsumerDefinition.QueueName, Invoicing.Ledger.UsageRecordedConsumerDefinition.QueueName,
            Invoicing.Ratings.PeriodRatedConsumerDefinition.QueueName);
        using (var operatorClient = BillingServices.OperatorClient(invoicing.Address))
        {
            await BillingServices.PublishCardAsync(pricing.Address, Card, DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 300 * 300));
            // 100,000 GPUs at 3.60 an hour spend 100 a second: credits for more than a day.
            await BillingServices.OpenPrepaidAccountAsync(operatorClient, Fleet.Tenant, Card, "bench-realtime", 10_000_000m);
        }
        await BillingServices.PricingKnowsTermsAsync(connectionString, 1);
        var before = await TableSizes.SettledAsync(connectionString);

        var start = FreshnessPhase.PlannedStart(DateTimeOffset.UtcNow, Lead);
        var end = FreshnessPhase.RunEnd(start, settings.SealingWindow, settings.RealtimeDuration);
        var seconds = (int)(end - start).TotalSeconds;
        var expected = (long)gpus * seconds;
        var loadAtStart = Machine.LoadAverageNow();
        Console.WriteLine($"  {nodes:N0} nodes ({gpus:N0} GPUs) in real time from {start:HH:mm:ss} to {end:HH:mm:ss} UTC ({seconds} s), "
            + $"compact report of {BenchSettings.CompactWindowSeconds} s, spool fsynced per window; load average {loadAtStart}");

        var agentSettings = Fleet.AgentSettings(VirtualHost, directory, nodes, start, seconds, realtime: true, settings);
        agentSettings["Publishing:Report"] = "Compact";
        // The agent's own default: one fsync per window for the whole agent before anything is published.
        agentSettings.Remove("Spool:Fsync");
        await using var agent = ServiceProcess.Start("NodeAgent", agentSettings, Path.Combine(directory, "node-agent.log"));
        var memory = new[]
        {
            MemoryWatch.Start("node-agent", agent.Id), MemoryWatch.Start("metering", metering.Id),
            MemoryWatch.Start("pricing", pricing.Id), MemoryWatch.Start("invoicing", invoicing.Id),
        };

        var queues = SampleQueuesAsync(connectionString, start, end);
        var visibility = await UsageVisibility.PollAsync(metering.Address, start, seconds, gpus, VisibilityPatience,
            () => [.. servers(), new("metering", metering.Id), new("pricing", pricing.Id), new("invoicing", invoicing.Id), new("node-agent", agent.Id)]);
        var loadAtEnd = Machine.LoadAverageNow();
        var load = await queues;
        // Printed now: what follows (draining, sealing, billing) can outlast its deadlines when the run fell behind.
        Console.WriteLine($"  gpu-usage queue: {load.Baseline?.Reports.Messages.ToString("N0") ?? "?"} after {Baseline.TotalMinutes:F0} min, "
            + $"{load.End?.Reports.Messages.ToString("N0") ?? "?"} at the end; {load.End?.GpuSecondsRecorded ?? 0:N0} of {(long)gpus * seconds:N0} GPU-seconds recorded by the end; "
            + $"{visibility.Latencies.Count} of {seconds} seconds visible within {VisibilityPatience.TotalMinutes:F0} min of the last; load average {loadAtEnd}");

        var exit = await agent.WaitForExitAsync(Settling);
        if (exit != 0) throw new BenchmarkFailed($"The agent exited with {exit}; see {agent.LogFile}");
        var segments = Directory.EnumerateFiles(Path.Combine(directory, "spool"), "*.seg").Count();
        if (segments > 0) throw new BenchmarkFailed($"{segments} segments are left in the agent's spool.");

        // From the agent's exit rather than the run's end, so a run that fell behind still settles and has
        // its storage measured; the last window seals once its node has been quiet for `Sealing:NodeQuiet`.
        await Wait.UntilAsync(
            async () => await Database.ScalarAsync<long>(connectionString, $"select count(*) from {MeteringStorage.Name}.{Intake.PartsTable}") == 0,
            new SealingOptions().NodeQuiet + Settling, "the sealer to empty the intake", TimeSpan.FromSeconds(1));
        var sealedAfterEnd = DateTimeOffset.UtcNow - end;
        var billedAfterEnd = await BilledExactlyOnceAsync(connectionString, expected);

        ProcessMemory[] memories = [.. await Task.WhenAll(memory.Select(m => m.StopAsync()))];
        var events = await Database.ScalarAsync<long>(connectionString, $"select count(*) from {MeteringStorage.Name}.mt_events");
        // Stopped before measuring, so nothing writes while VACUUM settles the tables.
        await invoicing.DisposeAsync();
        await pricing.DisposeAsync();
        await metering.DisposeAsync();
        var after = await TableSizes.SettledAsync(connectionString);

        return new RealtimeResult(nodes, start, seconds, loadAtStart, loadAtEnd, Machine.LoadAverageNow(), visibility, load,
            sealedAfterEnd, billedAfterEnd - end, before, after, expected, events, memories);
    }

    /// <summary>
    /// Every queue's depth every few seconds from the start to the end of the run, and the reports'
    /// queue's counts and the GPU-seconds in the read model at the baseline and at the end, which the
    /// rates offered and recorded are measured between.
    /// </summary>
    private static async Task<QueueLoad> SampleQueuesAsync(string connectionString, DateTimeOffset start, DateTimeOffset end)
    {
        var peaks = new SortedDictionary<string, long>(StringComparer.Ordinal);
        QueueMark? baseline = null;
        async Task<QueueMark> MarkAsync() => new(
            DateTimeOffset.UtcNow,
            await Broker.QueueAsync(VirtualHost, GpuUsageReportedConsumerDefinition.QueueName) ?? throw new BenchmarkFailed("The reports' queue is gone."),
            await Database.ScalarAsync<long>(connectionString, $"select coalesce(sum(gpu_seconds), 0)::bigint from {MeteringStorage.Name}.usage_buckets"));
        await Wait.ForAsync(start);
        while (true)
        {
            foreach (var queue in await Broker.QueuesAsync(VirtualHost))
                peaks[queue.Name] = Math.Max(peaks.GetValueOrDefault(queue.Name), queue.Messages);
            var now = DateTimeOffset.UtcNow;
            if (baseline is null && now >= start + Baseline) baseline = await MarkAsync();
            if (now >= end) return new QueueLoad(peaks, baseline, await MarkAsync());
            // Each mark is read when its moment comes, not at the next sample after it.
            var next = baseline is null && start + Baseline < end ? start + Baseline : end;
            await Task.Delay(TimeSpan.FromTicks(Math.Min(SampleEvery.Ticks, Wait.Until(next).Ticks)));
        }
    }

    /// <summary>
    /// Waits until pricing has accrued and invoicing tallied exactly what the fleet sampled and every
    /// queue is empty, then checks the read model holds it exactly too; returns when it was so.
    /// </summary>
    private static async Task<DateTimeOffset> BilledExactlyOnceAsync(string connectionString, long expected)
    {
        async Task<long> TalliedAsync() => await Database.ScalarAsync<long>(connectionString, "select coalesce(sum(gpu_seconds), 0)::bigint from invoicing.ledger_tally");
        await Wait.UntilAsync(async () => await TalliedAsync() >= expected && (await BillingServices.AccruedAsync(connectionString, Fleet.Tenant)).Accrued >= expected,
            Settling, "pricing and invoicing to take in the sealed ledger", TimeSpan.FromSeconds(2));
        var billedAt = DateTimeOffset.UtcNow;
        await Wait.UntilAsync(async () => (await Broker.ReadyMessagesAsync(VirtualHost)).Values.All(ready => ready == 0),
            TimeSpan.FromMinutes(2), "every queue to drain", TimeSpan.FromSeconds(1));

        var recorded = await Database.ScalarAsync<long>(connectionString, $"select coalesce(sum(gpu_seconds), 0)::bigint from {MeteringStorage.Name}.usage_buckets");
        var (accrued, parked) = await BillingServices.AccruedAsync(connectionString, Fleet.Tenant);
        var tallied = await TalliedAsync();
        if (recorded != expected || accrued != expected || tallied != expected || parked > 0)
            throw new BenchmarkFailed($"The fleet sampled {expected:N0} GPU-seconds; usage_buckets holds {recorded:N0}, pricing accrued {accrued:N0} "
                + $"({parked} ledger events parked), invoicing tallied {tallied:N0}.");
        return billedAt;
    }
}

/// <summary>The reports' queue, and the GPU-seconds in the read model, at one moment of the run.</summary>
public sealed record QueueMark(DateTimeOffset At, QueueInfo Reports, long GpuSecondsRecorded);

/// <param name="Peaks">Each queue's deepest sample during the run.</param>
public sealed record QueueLoad(IReadOnlyDictionary<string, long> Peaks, QueueMark? Baseline, QueueMark? End);
