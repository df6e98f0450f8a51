using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Testing;
using static GpuBilling.Testing.SimulatedFleet;

namespace EndToEnd.Tests;

/// <summary>
/// The whole path across real processes: a simulated fleet in the node agent, RabbitMQ, the
/// metering service, PostgreSQL, and the usage API. What the API and the ledger must hold is
/// computed here from the fleet's parameters and the allocation file, never read back from the
/// system.
/// </summary>
public class SimulatedFleetTests
{
    [Fact]
    public async Task The_usage_api_and_the_ledger_hold_exactly_the_allocated_gpu_seconds_the_fleet_implies()
    {
        var fleet = await SimulatedFleet.CreateAsync("e2e_simulated_fleet", nodes: 4, seconds: 150,
            new Allocation("tenant-a", 0, [0, 1, 2, 3, 4, 5, 6, 7]),
            new Allocation("tenant-a", 1, [0, 1, 2, 3]),
            new Allocation("tenant-b", 1, [4, 5]),
            new Allocation("tenant-b", 2, [0, 1, 2, 3, 4, 5]));
        // Node 1's GPUs 6-7, node 2's GPUs 6-7 and all of node 3 are held by nobody.

        await using var metering = fleet.StartMetering();
        await using var agent = fleet.StartAgent();

        Assert.True(await agent.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, $"The agent failed:\n{agent.Output}");
        Assert.Empty(Directory.EnumerateFiles(fleet.SpoolPath, "*.seg"));

        foreach (var tenant in new[] { "tenant-a", "tenant-b" })
        {
            var expected = fleet.Allocations.Where(a => a.Tenant == tenant)
                .GroupBy(a => ModelOf(a.Node))
                .ToDictionary(g => g.Key, g => g.Sum(a => (long)a.Gpus.Length) * fleet.Seconds);
            await Eventually.AssertAsync(async () => Assert.Equal(expected, await UsageByModelAsync(fleet, tenant, metering)));
        }

        await Eventually.AssertAsync(async () => Assert.Equal(0, await fleet.ScalarAsync("select count(*) from metering.intake")));
        Assert.Equal(LedgerVerdict.Exact(fleet), await LedgerVerdict.OfAsync(fleet));
    }

    private static async Task<Dictionary<string, long>> UsageByModelAsync(SimulatedFleet fleet, string tenant, ServiceProcess metering)
    {
        using var api = new HttpClient { BaseAddress = await metering.ListeningAsync() };
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/v1/usage?from={Uri.EscapeDataString(fleet.StartAt.ToString("O"))}&to={Uri.EscapeDataString(fleet.StartAt.AddDays(1).ToString("O"))}" +
            "&granularity=day&groupBy=gpuModel");
        request.Headers.Add("X-Api-Key", ApiKeyOf(tenant));
        var response = await api.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{metering.Output}");
        var usage = await response.Content.ReadFromJsonAsync<JsonElement>();
        var byModel = usage.GetProperty("buckets").EnumerateArray()
            .GroupBy(b => b.GetProperty("gpuModel").GetString()!)
            .ToDictionary(g => g.Key, g => g.Sum(b => b.GetProperty("gpuSeconds").GetInt64()));
        Assert.Equal(byModel.Values.Sum(), usage.GetProperty("totalGpuSeconds").GetInt64());
        return byModel;
    }
}
