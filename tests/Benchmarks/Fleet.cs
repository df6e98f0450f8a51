using System.Globalization;
using System.Text.Json;
using GpuBilling.Testing;
using Metering.Contracts;
using Metering.Ingestion;
using Metering.Ledger;

namespace Metering.Benchmarks;

/// <summary>
/// The simulated fleet the agent runs and the metering service that receives it, configured
/// the way the end-to-end test configures them: every GPU held by one tenant, so the tenant's
/// usage total is the whole fleet's and "second s is visible" can be read off one number.
/// </summary>
public static class Fleet
{
    public const int GpusPerNode = 8;
    public const string Tenant = "bench-tenant";
    public const string TenantKey = "bench-tenant-key";

    /// <summary>The key the API phase's gateway signs the calls it forwards with, and metering believes.</summary>
    public const string GatewaySigningKey = "bench-gateway-signing-key-0123456789abcdef";

    /// <summary>The simulator's own naming (SimulatedFleet.NodeId and GpuUuid with the default prefix).</summary>
    public static string NodeId(int node) => $"sim-node-{node:D4}";
    public static string GpuUuid(int node, int gpu) => $"GPU-{NodeId(node)}-{gpu:D2}";

    /// <summary>The model of every GPU in the ledger events the rating and recompute phases write.</summary>
    public const string LedgerModel = "NVIDIA H100 80GB HBM3";

    /// <summary>The power every GPU of those ledger events draws.</summary>
    public const decimal LedgerWatts = 350m;

    /// <summary>
    /// A node's ledger event as metering's sealer appends it: every GPU held by the tenant in
    /// <paramref name="seconds"/> of the hour, at 90 % utilization, 60 GB and <see cref="LedgerWatts"/>.
    /// </summary>
    public static NodeUsageRecorded LedgerEventOf(int node, DateTimeOffset hour, SecondSet seconds, string sequences, DateTimeOffset recordedAt)
    {
        var count = seconds.Count;
        return new NodeUsageRecorded(NodeId(node), hour, seconds, sequences,
            [
                .. Enumerable.Range(0, GpusPerNode).Select(gpu => new GpuUsage(
                    GpuUuid(node, gpu), LedgerModel, null, Tenant, $"job-{node % 50}", seconds,
                    new DimensionSums(90m * count, count, 60_000L * count, count, LedgerWatts * count, count, null, null),
                    AllocationClasses.OnDemand)),
            ],
            recordedAt, "bench");
    }

    public static async Task<string> WriteAllocationsAsync(string directory, int nodes)
    {
        var path = Path.Combine(directory, "allocations.json");
        var allocations = Enumerable.Range(0, nodes)
            .SelectMany(node => Enumerable.Range(0, GpusPerNode)
                .Select(gpu => new { gpuUuid = GpuUuid(node, gpu), tenantId = Tenant, workloadId = $"job-{node % 50}" }));
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { allocations }));
        return path;
    }

    /// <summary>
    /// The agent replaying (<paramref name="realtime"/> false) or sampling in real time. The
    /// spool is not fsynced: a benchmark measures the pipeline, not the disk's flush latency.
    /// </summary>
    /// <param name="bench">The report form, and the seconds per message the agent sends in real time
    /// (a backlog goes out in the same messages, so every phase carries the same kind of message).</param>
    public static Dictionary<string, string?> AgentSettings(
        string virtualHost, string directory, int nodes, DateTimeOffset startAt, int seconds, bool realtime, BenchSettings bench)
    {
        var settings = Broker.ServiceSettings(virtualHost);
        settings["Agent:Source"] = "simulated";
        settings["Simulation:Nodes"] = $"{nodes}";
        settings["Simulation:GpusPerNode"] = $"{GpusPerNode}";
        settings["Simulation:StartAt"] = startAt.ToString("O", CultureInfo.InvariantCulture);
        settings["Simulation:DurationSeconds"] = $"{seconds}";
        settings["Simulation:Realtime"] = realtime ? "true" : "false";
        settings["Spool:Path"] = Path.Combine(directory, "spool");
        settings["Spool:Fsync"] = "false";
        settings["Publishing:ExitWhenDrained"] = "true";
        settings["Publishing:Report"] = bench.Report;
        // A replay goes out in the messages the agent sends in real time; real time keeps the agent's own default.
        if (!realtime) settings["Publishing:MaxSecondsPerMessage"] = $"{bench.SecondsPerMessage}";
        settings["Allocations:Path"] = Path.Combine(directory, "allocations.json");
        return settings;
    }

    public static Dictionary<string, string?> MeteringSettings(
        string connectionString, string virtualHost, BenchSettings bench)
    {
        var settings = Broker.ServiceSettings(virtualHost);
        settings["ConnectionStrings:Postgres"] = connectionString;
        settings["Access:SeedKeys:0:Key"] = TenantKey;
        settings["Access:SeedKeys:0:PrincipalId"] = Tenant;
        settings["Access:SeedKeys:0:Role"] = "tenant";
        settings["Access:GatewaySigningKey"] = GatewaySigningKey;
        AskBackToBack(settings);
        settings["Sealing:Window"] = bench.SealingWindow.ToString("c", CultureInfo.InvariantCulture);
        if (bench.SealingGrace is { } grace) settings["Sealing:Grace"] = grace.ToString("c", CultureInfo.InvariantCulture);
        return settings;
    }

    /// <summary>The API phase measures latency, not the per-key limit: one client asks back to back.</summary>
    public static void AskBackToBack(Dictionary<string, string?> settings)
    {
        settings["RateLimiting:PermitsPerMinute"] = "1000000";
        settings["RateLimiting:Burst"] = "1000";
    }

    /// <summary>Starts metering and returns once its API answers and its consumer listens on the queue.</summary>
    public static Task<ServiceProcess> StartMeteringAsync(string connectionString, string virtualHost, BenchSettings bench, string logFile) =>
        StartServiceAsync("Metering", MeteringSettings(connectionString, virtualHost, bench), logFile, virtualHost,
            GpuUsageReportedConsumerDefinition.QueueName);

    /// <summary>
    /// Starts a service and returns once its API answers on the port it reported and a consumer
    /// listens on each of its <paramref name="queues"/>; a service that fails to start is stopped.
    /// </summary>
    public static async Task<ServiceProcess> StartServiceAsync(
        string service, Dictionary<string, string?> environment, string logFile, string virtualHost, params string[] queues)
    {
        var process = ServiceProcess.Start(service, environment, logFile);
        try
        {
            await process.ReadyAsync();
            foreach (var queue in queues)
                await Wait.UntilAsync(async () => await Broker.QueueAsync(virtualHost, queue) is { Consumers: > 0 },
                    TimeSpan.FromMinutes(2), $"{service} to consume {queue}");
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}

public static class Wait
{
    /// <summary>What is left until the wall clock reaches <paramref name="moment"/>; zero once it has.</summary>
    public static TimeSpan Until(DateTimeOffset moment) =>
        moment - DateTimeOffset.UtcNow is { } left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    /// <summary>Returns when the wall clock reaches <paramref name="moment"/>: a phase that samples on a schedule starts with it.</summary>
    public static Task ForAsync(DateTimeOffset moment) => Task.Delay(Until(moment));

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Gave up waiting for {what} after {timeout}.");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(200));
        }
    }
}
