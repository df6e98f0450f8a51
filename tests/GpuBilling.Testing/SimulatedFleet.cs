using System.Text.Json;
using Npgsql;

namespace GpuBilling.Testing;

/// <summary>Who holds which GPUs of which simulated node, and on what terms ("on-demand" or "spot").</summary>
public sealed record Allocation(string Tenant, int Node, int[] Gpus, string AllocationClass = "on-demand");

/// <summary>
/// A simulated fleet run against real processes, and what the ledger must then hold, computed
/// from the fleet's parameters and the allocations alone (the simulator's naming is part of its
/// contract: node n is `sim-node-000n`, its GPU g is `GPU-sim-node-000n-0g`, models alternate
/// H100 and A100 by node). Each scenario has its own database, virtual host and spool.
/// </summary>
public sealed class SimulatedFleet
{
    public const string H100 = "NVIDIA H100 80GB HBM3";
    public const string A100 = "NVIDIA A100-SXM4-80GB";

    private readonly DirectoryInfo _work;
    private readonly ServerSet _servers;

    private SimulatedFleet(
        ServerSet servers, string name, string database, int nodes, int seconds, IReadOnlyList<Allocation> allocations, DirectoryInfo work, DateTimeOffset startAt)
    {
        _servers = servers;
        Name = name;
        Database = database;
        Nodes = nodes;
        Seconds = seconds;
        Allocations = allocations;
        _work = work;
        StartAt = startAt;
    }

    public string Name { get; }
    public string Database { get; }
    public int Nodes { get; }
    public int Seconds { get; }
    public IReadOnlyList<Allocation> Allocations { get; }
    public DateTimeOffset StartAt { get; private set; }

    /// <summary>
    /// Moves the fleet's first second, before the agent first runs: a scenario that needs its
    /// services up before it can say when the seconds may start (a rate card takes effect only
    /// from when it is published) picks the moment then.
    /// </summary>
    public void StartSecondsAt(DateTimeOffset startAt) => StartAt = startAt;
    public string SpoolPath => Path.Combine(_work.FullName, "spool");

    public static Task<SimulatedFleet> CreateAsync(string name, int nodes, int seconds, params Allocation[] allocations) =>
        CreateAsync(TestServers.Shared, name, nodes, seconds, allocations);

    /// <summary>A fleet whose seconds start two hours ago at a quarter hour, so they are sealed as soon as they arrive.</summary>
    public static Task<SimulatedFleet> CreateAsync(ServerSet servers, string name, int nodes, int seconds, params Allocation[] allocations) =>
        CreateAsync(servers, name, DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds() / 900 * 900),
            nodes, seconds, allocations);

    public static async Task<SimulatedFleet> CreateAsync(
        ServerSet servers, string name, DateTimeOffset startAt, int nodes, int seconds, params Allocation[] allocations)
    {
        var database = await servers.CreateDatabaseAsync(name);
        await servers.CreateVirtualHostAsync(name);
        var fleet = new SimulatedFleet(servers, name, database, nodes, seconds, allocations, Directory.CreateTempSubdirectory($"{name}-"), startAt);
        await File.WriteAllTextAsync(fleet.AllocationFile, JsonSerializer.Serialize(new
        {
            allocations = allocations.SelectMany(a => a.Gpus.Select(g => new { gpuUuid = GpuUuid(a.Node, g), tenantId = a.Tenant, workloadId = "job-1", allocationClass = a.AllocationClass })),
        }));
        return fleet;
    }

    public static string NodeId(int node) => $"sim-node-{node:D4}";

    public static string GpuUuid(int node, int gpu) => $"GPU-{NodeId(node)}-{gpu:D2}";

    public static string ModelOf(int node) => node % 2 == 0 ? H100 : A100;

    public static string ApiKeyOf(string tenant) => $"key-of-{tenant}";

    /// <summary>The key pricing, invoicing and the fleet service accept from the fleet's operator.</summary>
    public const string OperatorKey = "key-of-the-operator";

    private string AllocationFile => Path.Combine(_work.FullName, "allocations.json");

    /// <param name="settings">Settings of the scenario's own over the fleet's (sealing held back, say).</param>
    public ServiceProcess StartMetering(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var environment = new Dictionary<string, string?>(_servers.ServiceSettings(Database, Name))
        {
            ["Access:SeedKeys:0:Key"] = ApiKeyOf("tenant-a"),
            ["Access:SeedKeys:0:PrincipalId"] = "tenant-a",
            ["Access:SeedKeys:0:Role"] = "tenant",
            ["Access:SeedKeys:1:Key"] = ApiKeyOf("tenant-b"),
            ["Access:SeedKeys:1:PrincipalId"] = "tenant-b",
            ["Access:SeedKeys:1:Role"] = "tenant",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) environment[key] = value;
        return ServiceProcess.Start("Metering", environment);
    }

    /// <param name="clockOffset">How far the service's clock runs from the real one: behind, a rate card published now is in force for seconds already past.</param>
    public ServiceProcess StartPricing(TimeSpan? clockOffset = null) =>
        StartBillingService("Pricing", new Dictionary<string, string?> { ["Clock:Offset"] = clockOffset?.ToString("c") });

    /// <param name="clockOffset">How far ahead of the real clock the service's clock runs: the period closer sees a period end that has not come yet.</param>
    public ServiceProcess StartInvoicing(TimeSpan? clockOffset = null) =>
        StartBillingService("Invoicing", new Dictionary<string, string?>
        {
            ["Invoicing:CloserInterval"] = "00:00:00.500",
            ["Clock:Offset"] = clockOffset?.ToString("c"),
        });

    public ServiceProcess StartFleet() => StartBillingService("Fleet", new Dictionary<string, string?>());

    /// <summary>The auditor's recomputation, served over HTTP to the operator's key.</summary>
    public ServiceProcess StartAudit() => StartBillingService("Audit", new Dictionary<string, string?>());

    /// <summary>Deliveries allowed to a receiver on loopback, polling often so a test waits on them briefly.</summary>
    public ServiceProcess StartWebhooks() =>
        StartBillingService("Webhooks", new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:PollInterval"] = "00:00:00.050",
        });

    private ServiceProcess StartBillingService(string service, IReadOnlyDictionary<string, string?> settings)
    {
        var environment = new Dictionary<string, string?>(_servers.ServiceSettings(Database, Name))
        {
            ["Access:SeedKeys:0:Key"] = OperatorKey,
            ["Access:SeedKeys:0:PrincipalId"] = "fleet-operator",
            ["Access:SeedKeys:0:Role"] = "operator",
            ["Access:SeedKeys:1:Key"] = ApiKeyOf("tenant-a"),
            ["Access:SeedKeys:1:PrincipalId"] = "tenant-a",
            ["Access:SeedKeys:1:Role"] = "tenant",
        };
        foreach (var (key, value) in settings) environment[key] = value;
        return ServiceProcess.Start(service, environment);
    }

    /// <summary>
    /// The agent replays the fleet's seconds as fast as it can and exits once its spool is empty.
    /// One second per message makes many messages, so a fault lands in the middle of the stream.
    /// </summary>
    /// <param name="settings">Settings of the scenario's own over the fleet's (real time, another allocation source).</param>
    /// <param name="asUser">The node's own broker user; `guest` (allowed everything) when not given.</param>
    public ServiceProcess StartAgent(int maxSecondsPerMessage = 60, IReadOnlyDictionary<string, string?>? settings = null, NodeUser? asUser = null)
    {
        var environment = new Dictionary<string, string?>(_servers.ServiceSettings(Database, Name))
        {
            ["Simulation:Nodes"] = $"{Nodes}",
            ["Simulation:GpusPerNode"] = "8",
            ["Simulation:StartAt"] = StartAt.ToString("O"),
            ["Simulation:DurationSeconds"] = $"{Seconds}",
            ["Simulation:Realtime"] = "false",
            ["Spool:Path"] = SpoolPath,
            ["Spool:Fsync"] = "false",
            ["Publishing:ExitWhenDrained"] = "true",
            ["Publishing:MaxSecondsPerMessage"] = $"{maxSecondsPerMessage}",
            ["Allocations:Path"] = AllocationFile,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) environment[key] = value;
        foreach (var (key, value) in asUser?.Settings() ?? []) environment[key] = value;
        return ServiceProcess.Start("NodeAgent", environment);
    }

    /// <summary>Every allocated GPU-second the fleet implies: (node, GPU, tenant, second).</summary>
    public HashSet<LedgerSecond> ExpectedAllocatedSeconds() =>
        Allocations
            .SelectMany(a => a.Gpus.SelectMany(g => Enumerable.Range(0, Seconds)
                .Select(s => new LedgerSecond(NodeId(a.Node), GpuUuid(a.Node, g), a.Tenant, StartAt.AddSeconds(s)))))
            .ToHashSet();

    public long ExpectedGpuSeconds(string tenant) =>
        Allocations.Where(a => a.Tenant == tenant).Sum(a => (long)a.Gpus.Length) * Seconds;

    /// <summary>A tenant's GPU-seconds per GPU model and allocation class.</summary>
    public Dictionary<(string Model, string AllocationClass), long> ExpectedGpuSecondsByPrice(string tenant) =>
        Allocations.Where(a => a.Tenant == tenant)
            .GroupBy(a => (ModelOf(a.Node), a.AllocationClass))
            .ToDictionary(g => g.Key, g => g.Sum(a => (long)a.Gpus.Length) * Seconds);

    public long UnallocatedGpuSeconds => (Nodes * 8L - Allocations.Sum(a => a.Gpus.Length)) * Seconds;

    public Task<long> QueueDepthAsync(string queue = "gpu-usage") => Queues.DepthAsync(Name, queue, _servers);

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }
}
