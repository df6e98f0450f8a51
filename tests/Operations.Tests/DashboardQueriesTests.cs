using System.Text.Json;
using GpuBilling.Testing;
using static GpuBilling.Testing.SimulatedFleet;

namespace Operations.Tests;

/// <summary>
/// A real Prometheus scrapes a running system (metering, invoicing, webhooks, the gateway's
/// management port) while a simulated fleet reports, bad reports arrive and a partner's endpoint
/// refuses its webhooks; then every query of every dashboard must return data, so no panel an
/// operator opens can silently show nothing. The figures the test knows from what it sent are
/// checked exactly, as Prometheus holds them.
/// </summary>
public class DashboardQueriesTests
{
    private const string Name = "ops_dashboards";
    private const int Seconds = 20;
    private const int RejectedReports = 3;
    private const int UnreadableMessages = 2;
    /// <summary>The webhooks service's retry schedule here: three attempts, then the delivery fails and its endpoint is disabled.</summary>
    private static readonly string[] RetrySchedule = ["00:00:00", "00:00:00.050", "00:00:00.050"];
    private const string SigningKey = "operations-tests-signing-key-0123456789abcdef";

    [Fact]
    public async Task Every_query_of_every_dashboard_returns_data_from_a_running_system_and_the_known_figures_are_exact()
    {
        var queries = DashboardFiles.Queries();
        Assert.NotEmpty(queries);
        // Provisioned as this uid (infra/grafana/provisioning/datasources): another would show nothing.
        Assert.All(queries, q => Assert.Equal("prometheus", q.DatasourceUid));

        var fleet = await CreateAsync(TestServers.Shared, Name, DateTimeOffset.UtcNow, nodes: 2, Seconds,
            new Allocation("tenant-a", 0, [0, 1, 2, 3]),
            new Allocation("tenant-b", 1, [0, 1, 2, 3, 4, 5]));
        var allocatedGpuSeconds = fleet.Allocations.Sum(a => a.Gpus.Length) * (long)Seconds;

        await using var metering = fleet.StartMetering();
        await using var invoicing = fleet.StartInvoicing();
        await using var webhooks = StartWebhooks(fleet);
        var (gateway, gatewayMetrics) = await FreePorts.StartOnFreePortAsync(port => StartGatewayAsync(fleet, port));
        await using var _ = gateway;
        foreach (var service in new[] { metering, invoicing, webhooks }) await service.ReadyAsync();

        await using var prometheus = await PrometheusServer.StartAsync(new Dictionary<string, Uri>
        {
            ["metering"] = metering.Address,
            ["invoicing"] = invoicing.Address,
            ["webhooks"] = webhooks.Address,
            ["gateway"] = gatewayMetrics,
        });

        // The gateway's public port is where tenants call: the operators' figures are not there.
        using (var tenantSide = new HttpClient { BaseAddress = gateway.Address })
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await tenantSide.GetAsync(ScrapingPath)).StatusCode);

        // In real time, a window every two seconds, as a fleet reports: the rates and the lag's
        // quantiles need the counters to grow while Prometheus watches, not to appear already full.
        fleet.StartSecondsAt(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2));
        await using (var agent = fleet.StartAgent(settings: new Dictionary<string, string?>
        {
            ["Simulation:Realtime"] = "true",
            ["Publishing:WindowSeconds"] = "2",
        }))
            Assert.True(await agent.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, $"The agent failed:\n{agent.Output}");
        for (var i = 0; i < RejectedReports; i++)
            await Queues.PublishRawAsync(Name, "gpu-usage", Report("""{"nodeId":"","seconds":[]}"""), MassTransitJson);
        for (var i = 0; i < UnreadableMessages; i++)
            await Queues.PublishRawAsync(Name, "gpu-usage", Report("""{"nodeId":"typo-node","seconds":"every second"}"""), MassTransitJson);

        using var refusing = new RefusingPort();
        await webhooks.SendAsync(HttpMethod.Post, "/v1/webhooks/subscriptions",
            new { tenantId = "tenant-a", url = $"http://127.0.0.1:{refusing.Port}/hooks" });
        await Queues.PublishRawAsync(Name, "webhooks-partner-events", PartnerEvent("tenant-a"), MassTransitJson);

        var expected = new Dictionary<string, decimal>
        {
            ["""sum(metering_gpu_seconds_recorded_total{allocation="allocated"})"""] = allocatedGpuSeconds,
            ["""sum(metering_gpu_seconds_recorded_total{allocation="unallocated"})"""] = fleet.UnallocatedGpuSeconds,
            // One observation per node-second entering the ledger.
            ["sum(metering_ledger_lag_seconds_count)"] = fleet.Nodes * (long)Seconds,
            ["sum(metering_reports_rejected_total)"] = RejectedReports,
            ["sum(metering_reports_unreadable_total)"] = UnreadableMessages,
            // The simulated agent leaves no second out.
            ["""max(metering_nodes_with_gaps{by="seconds"})"""] = 0,
            ["""max(metering_nodes_with_gaps{by="sequences"})"""] = 0,
            // Every attempt of the schedule, each refused.
            ["""sum(webhooks_delivery_attempts_total{outcome="no_response"})"""] = RetrySchedule.Length,
            // Neither tenant has a billing account, so every allocated second is usage without one.
            ["sum(invoicing_usage_without_account_total)"] = allocatedGpuSeconds,
            ["sum(invoicing_invoices)"] = 0,
            ["sum(invoicing_tenants)"] = 0,
            ["min(up)"] = 1,
            ["count(up)"] = 4,
        };
        foreach (var (query, value) in expected)
            await Eventually.AssertAsync(async () =>
            {
                var actual = await prometheus.ValueAsync(query);
                Assert.True(actual == value, $"`{query}` is {actual?.ToString() ?? "no data"}, not {value}");
            }, TimeSpan.FromMinutes(2));

        foreach (var query in queries)
            await Eventually.AssertAsync(async () =>
            {
                var series = await prometheus.QueryAsync(query.Expr);
                Assert.True(series.Any(s => s.Value != "NaN"), $"{query} returns no data: {series.Count} series, every value NaN.");
            }, TimeSpan.FromMinutes(1));
    }

    private const string ScrapingPath = "/metrics";
    private const string MassTransitJson = "application/vnd.masstransit+json";

    private static string Report(string message) =>
        $$"""{"messageType":["urn:message:Metering.Contracts:GpuUsageReported"],"message":{{message}}}""";

    /// <summary>An event as invoicing publishes it to partners: what the webhooks service delivers.</summary>
    private static string PartnerEvent(string tenantId) => JsonSerializer.Serialize(new
    {
        messageType = new[] { "urn:message:Metering.Contracts:PartnerEvent" },
        message = new
        {
            eventId = Guid.NewGuid(),
            type = "invoice.finalized",
            tenantId,
            occurredAt = DateTimeOffset.UtcNow,
            data = JsonSerializer.Serialize(new { invoiceId = $"{tenantId}@2026-12-01" }),
        },
    });

    /// <summary>Deliveries to loopback allowed, on a schedule of fractions of a second.</summary>
    private static ServiceProcess StartWebhooks(SimulatedFleet fleet)
    {
        var settings = new Dictionary<string, string?>(TestServers.ServiceSettings(fleet.Database, fleet.Name))
        {
            ["Access:SeedKeys:0:Key"] = OperatorKey,
            ["Access:SeedKeys:0:PrincipalId"] = "fleet-operator",
            ["Access:SeedKeys:0:Role"] = "operator",
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:PollInterval"] = "00:00:00.050",
        };
        for (var i = 0; i < RetrySchedule.Length; i++) settings[$"Webhooks:RetrySchedule:{i}"] = RetrySchedule[i];
        return ServiceProcess.Start("Webhooks", settings);
    }

    /// <summary>The gateway with its management port, where alone it answers Prometheus.</summary>
    private static async Task<(ServiceProcess Gateway, Uri Metrics)> StartGatewayAsync(SimulatedFleet fleet, int metricsPort)
    {
        var metrics = new Uri($"http://127.0.0.1:{metricsPort}");
        var gateway = ServiceProcess.Start("Gateway", new Dictionary<string, string?>(TestServers.ServiceSettings(fleet.Database, fleet.Name))
        {
            ["Access:GatewaySigningKey"] = SigningKey,
            ["Metrics:Url"] = metrics.ToString(),
        });
        try
        {
            await gateway.ReadyAsync();
            return (gateway, metrics);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }
}
