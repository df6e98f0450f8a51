using System.Net.Http.Json;
using System.Text.Json;
using Metering.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// The whole path across real processes: a simulated fleet in the node agent, RabbitMQ, the
/// metering service, PostgreSQL, and the usage API. What the API must report is computed here
/// from the fleet's parameters and the allocation file, never read back from the system.
/// </summary>
public class SimulatedFleetTests
{
    private const string Name = "e2e_simulated_fleet";
    private const int Nodes = 4;
    private const int GpusPerNode = 8;
    private const int Seconds = 150;
    private const string H100 = "NVIDIA H100 80GB HBM3";
    private const string A100 = "NVIDIA A100-SXM4-80GB";

    // Node n runs Models[n % 2]; GPU g of node n is GPU-sim-node-000n-0g (the simulator's naming).
    private static readonly (string Tenant, int Node, int[] Gpus)[] Allocations =
    [
        ("tenant-a", 0, [0, 1, 2, 3, 4, 5, 6, 7]),
        ("tenant-a", 1, [0, 1, 2, 3]),
        ("tenant-b", 1, [4, 5]),
        ("tenant-b", 2, [0, 1, 2, 3, 4, 5]),
        // Node 1's GPUs 6-7, node 2's GPUs 6-7 and all of node 3 are held by nobody.
    ];

    [Fact]
    public async Task The_usage_api_reports_exactly_the_allocated_gpu_seconds_the_fleet_implies()
    {
        var database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        var work = Directory.CreateTempSubdirectory("e2e-fleet-");
        var allocationFile = Path.Combine(work.FullName, "allocations.json");
        await File.WriteAllTextAsync(allocationFile, JsonSerializer.Serialize(new
        {
            allocations = Allocations.SelectMany(a => a.Gpus.Select(g => new
            {
                gpuUuid = $"GPU-sim-node-{a.Node:D4}-{g:D2}", tenantId = a.Tenant, workloadId = "job-1",
            })),
        }));
        var startAt = FifteenMinuteFloor(DateTimeOffset.UtcNow.AddHours(-2));
        var meteringPort = ServiceProcess.FreeTcpPort();

        await using var metering = ServiceProcess.Start("Metering", new Dictionary<string, string?>(TestServers.ServiceSettings(database, Name))
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{meteringPort}",
            ["Access:SeedKeys:0:Key"] = "key-of-tenant-a",
            ["Access:SeedKeys:0:PrincipalId"] = "tenant-a",
            ["Access:SeedKeys:0:Role"] = "tenant",
            ["Access:SeedKeys:1:Key"] = "key-of-tenant-b",
            ["Access:SeedKeys:1:PrincipalId"] = "tenant-b",
            ["Access:SeedKeys:1:Role"] = "tenant",
        });
        await using var agent = ServiceProcess.Start("NodeAgent", new Dictionary<string, string?>(TestServers.ServiceSettings(database, Name))
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ServiceProcess.FreeTcpPort()}",
            ["Simulation:Nodes"] = $"{Nodes}",
            ["Simulation:GpusPerNode"] = $"{GpusPerNode}",
            ["Simulation:StartAt"] = startAt.ToString("O"),
            ["Simulation:DurationSeconds"] = $"{Seconds}",
            ["Simulation:Realtime"] = "false",
            ["Spool:Path"] = Path.Combine(work.FullName, "spool"),
            ["Spool:Fsync"] = "false",
            ["Publishing:ExitWhenDrained"] = "true",
            ["Allocations:Path"] = allocationFile,
        });

        var agentExit = await agent.WaitForExitAsync(TimeSpan.FromMinutes(3));
        Assert.True(agentExit == 0, $"The agent failed:\n{agent.Output}");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(work.FullName, "spool"), "*.json", SearchOption.AllDirectories));

        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{meteringPort}") };
        var window = $"from={Uri.EscapeDataString(startAt.ToString("O"))}&to={Uri.EscapeDataString(startAt.AddDays(1).ToString("O"))}";
        await Eventually.AssertAsync(async () => Assert.Equal(0, await Queues.DepthAsync(Name, "gpu-usage")), TimeSpan.FromMinutes(1));

        foreach (var tenant in new[] { "tenant-a", "tenant-b" })
        {
            var expected = ExpectedGpuSecondsByModel(tenant);
            await Eventually.AssertAsync(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/usage?{window}&granularity=day&groupBy=gpuModel");
                request.Headers.Add("X-Api-Key", $"key-of-{tenant}");
                var response = await api.SendAsync(request);
                Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{metering.Output}");
                var usage = await response.Content.ReadFromJsonAsync<JsonElement>();
                var byModel = usage.GetProperty("buckets").EnumerateArray()
                    .GroupBy(b => b.GetProperty("gpuModel").GetString()!)
                    .ToDictionary(g => g.Key, g => g.Sum(b => b.GetProperty("gpuSeconds").GetInt64()));
                Assert.Equal(expected, byModel);
                Assert.Equal(expected.Values.Sum(), usage.GetProperty("totalGpuSeconds").GetInt64());
            });
        }
    }

    private static Dictionary<string, long> ExpectedGpuSecondsByModel(string tenant) =>
        Allocations
            .Where(a => a.Tenant == tenant)
            .GroupBy(a => a.Node % 2 == 0 ? H100 : A100)
            .ToDictionary(g => g.Key, g => (long)g.Sum(a => a.Gpus.Length) * Seconds);

    private static DateTimeOffset FifteenMinuteFloor(DateTimeOffset instant) =>
        DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds() / 900 * 900);
}
