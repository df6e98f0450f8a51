using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.CostCards;
using Fleet.Efficiency;
using Fleet.Inventory;
using GpuBilling.Access;
using GpuBilling.Testing;
using MassTransit;
using Metering.Contracts;
using static Fleet.Tests.Given;

namespace Fleet.Tests.Efficiency;

/// <summary>The fleet service with a bus of the test's own standing in for webhooks: it hears every partner event the fleet publishes.</summary>
public sealed class EfficiencyService() : FleetService("fleet_efficiency_tests"), IAsyncLifetime
{
    private readonly ConcurrentQueue<PartnerEvent> _partnerEvents = new();
    private IBusControl _webhooks = null!;

    public IReadOnlyList<PartnerEvent> PartnerEvents => [.. _partnerEvents];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await Queues.ConsumerReadyAsync(Name, GpuIdleConsumerDefinition.QueueName);
        _webhooks = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, Name, h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            rabbit.ReceiveEndpoint("webhooks-under-test", e => e.Handler<PartnerEvent>(c =>
            {
                _partnerEvents.Enqueue(c.Message);
                return Task.CompletedTask;
            }));
        });
        await _webhooks.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _webhooks.StopAsync();
        await DisposeAsync();
    }
}

/// <summary>
/// Sealed usage with known utilization sent into the fleet's queues as metering publishes it, and the
/// reports and `gpu.idle` events that come of it. Every expected figure is computed here from the
/// windows the test sends, the idle levels it sets and the cards' prices.
/// </summary>
public class EfficiencyServiceTests(EfficiencyService fleet) : IClassFixture<EfficiencyService>
{
    private static readonly DateTimeOffset Hour = February.AddHours(10);
    private static string Period => $"from={Hour:yyyy-MM-ddTHH:mm:ssZ}&to={Hour.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}";
    private const decimal H100PerHour = 2.88m;
    private const decimal FleetLevel = 10m;
    private const decimal TenantBLevel = 50m;
    private const int TenantAAlertAfter = 600;

    /// <summary>One GPU's entry in one 300-second window; a null utilization is a slice nvidia-smi reports none for.</summary>
    private sealed record Entry(string Node, string Gpu, string Model, string? Mig, string? Tenant, int Window, decimal? Utilization);

    private static readonly Entry[] Entries =
    [
        // GPU-a: idle, idle, busy, idle, idle: two episodes of tenant-a, each told once.
        .. new decimal[] { 2m, 3m, 70m, 1m, 1m }.Select((u, w) => new Entry("eff-node-1", "GPU-a", H100, null, "tenant-a", w, u)),
        .. Enumerable.Range(0, 5).Select(w => new Entry("eff-node-1", "GPU-b", H100, null, null, w, null)),
        // GPU-c: 30 %: busy at the fleet's level, idle at tenant-b's own.
        .. Enumerable.Range(0, 3).Select(w => new Entry("eff-node-2", "GPU-c", A100, null, "tenant-b", w, 30m)),
        .. Enumerable.Range(0, 2).Select(w => new Entry("eff-node-2", "MIG-x", A100, "3g.40gb", "tenant-b", w, null)),
    ];

    private static SealedGpuUsage Sealed(Entry e)
    {
        var gpu = Gpu(e.Gpu, e.Tenant, $"{e.Window * 300}-{e.Window * 300 + 299}", e.Model, e.Mig);
        return e.Utilization is { } u ? gpu.At(u) : gpu;
    }

    private static bool IsIdle(Entry e, decimal level) => e.Tenant is not null && e.Utilization < level;

    /// <summary>The figures a group of entries must show at an idle level: 300 seconds an entry.</summary>
    private static (long Present, long Allocated, long Unallocated, long Idle, long Unknown, decimal Busy, long Measured) Expected(IEnumerable<Entry> entries, decimal level)
    {
        var list = entries.ToList();
        return (300L * list.Count, 300L * list.Count(e => e.Tenant is not null), 300L * list.Count(e => e.Tenant is null),
            300L * list.Count(e => IsIdle(e, level)), 300L * list.Count(e => e.Tenant is not null && e.Utilization is null),
            list.Sum(e => (e.Utilization ?? 0m) * 300 / 100), 300L * list.Count(e => e.Utilization is not null));
    }

    private static (long, long, long, long, long, decimal, long) Figures(EfficiencyRow r) =>
        (r.PresentGpuSeconds, r.AllocatedGpuSeconds, r.UnallocatedGpuSeconds, r.AllocatedIdleGpuSeconds, r.UnknownGpuSeconds, r.BusyGpuSeconds, r.MeasuredGpuSeconds);

    private async Task PutAsync(HttpClient client, string uri, object body)
    {
        var response = await client.PutAsJsonAsync(uri, body, FleetService.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sealed_usage_is_classed_per_group_a_tenant_sees_only_its_own_and_each_idle_episode_is_told_once()
    {
        var client = await fleet.OperatorAsync();
        var tenantA = await fleet.ClientForAsync("tenant-a", Roles.Tenant);
        var tenantB = await fleet.ClientForAsync("tenant-b", Roles.Tenant);
        await fleet.RegisterAsync("eff-node-1", new RegisterNodeVersionRequest(February, null, "fra-1", "eff-sup-a", [new HeldGpus(H100, 2)]));
        await fleet.RegisterAsync("eff-node-2", new RegisterNodeVersionRequest(February, null, "ams-1", "eff-sup-b", [new HeldGpus(A100, 1)]));
        await fleet.PublishCardAsync("eff-sup-a", "USD", February, Prices(new GpuPrice(H100, null, H100PerHour)));
        await PutAsync(client, "/v1/fleet/efficiency/settings", new FleetIdleThresholdRequest(FleetLevel));
        await PutAsync(tenantA, "/v1/fleet/tenants/tenant-a/idle-settings", new TenantIdleSettingsRequest(null, TenantAAlertAfter));
        await PutAsync(tenantB, "/v1/fleet/tenants/tenant-b/idle-settings", new TenantIdleSettingsRequest(TenantBLevel, null));

        // One ledger event per node and window, in the ledger's order; the window that tells the first episode twice, as a redelivery would.
        var events = Entries.GroupBy(e => (e.Window, e.Node)).OrderBy(g => g.Key)
            .Select(g => Given.Sealed(g.Key.Node, Hour, [.. g.Select(Sealed)])).ToList();
        foreach (var sealedUsage in events) await fleet.Metering.Publish(sealedUsage);
        await fleet.Metering.Publish(events.Single(e => e.NodeId == "eff-node-1" && e.Seconds == "300-599"));

        await Eventually.AssertAsync(async () =>
        {
            var total = (await client.GetFromJsonAsync<EfficiencyReport>($"/v1/fleet/efficiency?{Period}", FleetService.Json))!.Total;
            Assert.Equal(300L * Entries.Length, total.PresentGpuSeconds);
            Assert.Equal(2, fleet.PartnerEvents.Count);
        });
        await fleet.SettledAsync();
        await Eventually.AssertAsync(async () => Assert.Equal(0, await Queues.DepthAsync(fleet.Name, GpuIdleConsumerDefinition.QueueName)));

        // The operator: every node, at the fleet's level, with the waste's cost at the supplier's price.
        var byNode = (await client.GetFromJsonAsync<EfficiencyReport>($"/v1/fleet/efficiency?{Period}&groupBy=node", FleetService.Json))!;
        Assert.Equal(FleetLevel, byNode.IdleBelowPercent);
        Assert.Equal(["eff-node-1", "eff-node-2"], byNode.Groups.Select(g => g.NodeId));
        foreach (var group in byNode.Groups)
            Assert.Equal(Expected(Entries.Where(e => e.Node == group.NodeId), FleetLevel), Figures(group));
        var node1Wasted = 300L * Entries.Count(e => e.Node == "eff-node-1" && (e.Tenant is null || IsIdle(e, FleetLevel)));
        Assert.Equal([new WastedCost("USD", H100PerHour * node1Wasted / 3600)], byNode.Groups[0].WastedCost);
        // eff-sup-b has no card: node-2's waste (none at the fleet's level) would be unpriced, never guessed.
        Assert.Equal((0L, 0L), (byNode.Groups[1].WastedGpuSeconds, byNode.Groups[1].UnpricedWastedGpuSeconds!.Value));

        var bySupplierAndTenant = (await client.GetFromJsonAsync<EfficiencyReport>($"/v1/fleet/efficiency?{Period}&groupBy=supplier,tenant", FleetService.Json))!;
        Assert.Equal(
            Entries.GroupBy(e => (Supplier: e.Node == "eff-node-1" ? "eff-sup-a" : "eff-sup-b", e.Tenant))
                .Select(g => (g.Key.Supplier, g.Key.Tenant, Expected(g, FleetLevel))).OrderBy(g => g.Supplier).ThenBy(g => g.Tenant ?? ""),
            bySupplierAndTenant.Groups.Select(g => (g.SupplierId!, g.TenantId, Figures(g))).OrderBy(g => g.Item1).ThenBy(g => g.TenantId ?? ""));

        var top = (await client.GetFromJsonAsync<TopWastersReport>($"/v1/fleet/efficiency/top?{Period}&by=gpu&count=5", FleetService.Json))!;
        Assert.Equal([("GPU-b", 300L * 5), ("GPU-a", 300L * 4)], top.Items.Select(i => (i.GpuUuid!, i.WastedGpuSeconds)));

        // A tenant: its own GPUs at its own level, no cost, no supplier; another tenant's are not there.
        using var ownView = await tenantB.GetAsync($"/v1/fleet/tenants/tenant-b/efficiency?{Period}&groupBy=gpu");
        var ownJson = await ownView.Content.ReadAsStringAsync();
        Assert.DoesNotContain("wastedCost", ownJson, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("supplierId", ownJson, StringComparison.OrdinalIgnoreCase);
        var own = JsonSerializer.Deserialize<EfficiencyReport>(ownJson, FleetService.Json)!;
        Assert.Equal(TenantBLevel, own.IdleBelowPercent);
        Assert.Equal(["GPU-c", "MIG-x"], own.Groups.Select(g => g.GpuUuid));
        foreach (var group in own.Groups)
            Assert.Equal(Expected(Entries.Where(e => e.Gpu == group.GpuUuid), TenantBLevel), Figures(group));
        var idle = (await tenantB.GetFromJsonAsync<EfficiencyReport>($"/v1/fleet/tenants/tenant-b/idle-gpus?{Period}", FleetService.Json))!;
        Assert.Equal([("GPU-c", 300L * 3)], idle.Groups.Select(g => (g.GpuUuid!, g.AllocatedIdleGpuSeconds)));
        Assert.Equal(HttpStatusCode.NotFound, (await tenantB.GetAsync($"/v1/fleet/tenants/tenant-a/efficiency?{Period}")).StatusCode);
        var csv = await tenantB.GetStringAsync($"/v1/fleet/tenants/tenant-b/efficiency?{Period}&format=csv");
        Assert.Equal(1 + 2, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("wastedCost", csv, StringComparison.Ordinal);

        // gpu.idle: each of tenant-a's episodes once, though a window of the first came twice.
        var told = fleet.PartnerEvents.OrderBy(e => e.OccurredAt).ToList();
        Assert.All(told, e => Assert.Equal((PartnerEventTypes.GpuIdle, "tenant-a"), (e.Type, e.TenantId)));
        Assert.Equal([Hour, Hour.AddSeconds(900)],
            told.Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("idleSince").GetDateTimeOffset()));
        Assert.Equal([Hour.AddSeconds(TenantAAlertAfter), Hour.AddSeconds(900 + TenantAAlertAfter)], told.Select(e => e.OccurredAt));
    }

    /// <summary>
    /// A whole day of a node held all day under one version and card: the report reads its node-day,
    /// and the database decides each held entry's idleness at the tenant's level from its readings.
    /// An entry averaging exactly the level is not idle (below, not at).
    /// </summary>
    [Fact]
    public async Task A_day_read_whole_is_classed_entry_by_entry_at_the_level_of_the_report()
    {
        var day = February.AddDays(9);
        const decimal level = 10.25m;
        decimal Percent(int hour) => hour * 7 % 20 + 0.25m;
        var tenantD = await fleet.ClientForAsync("tenant-d", Roles.Tenant);
        await fleet.RegisterAsync("eff-day", new RegisterNodeVersionRequest(day, null, "fra-2", "eff-sup-d", [new HeldGpus(H100, 2)]));
        await fleet.PublishCardAsync("eff-sup-d", "USD", day, Prices(new GpuPrice(H100, null, H100PerHour)));
        await PutAsync(tenantD, "/v1/fleet/tenants/tenant-d/idle-settings", new TenantIdleSettingsRequest(level, null));
        // GPU-d0: tenant-d's all day, one reading a second; GPU-d1: tenant-d's with no reading in even hours, nobody's at 50 % in odd ones.
        for (var h = 0; h < 24; h++)
            await fleet.Metering.Publish(Given.Sealed("eff-day", day.AddHours(h),
                Gpu("GPU-d0", "tenant-d", "0-3599").At(Percent(h)), h % 2 == 0 ? Gpu("GPU-d1", "tenant-d", "0-3599") : Gpu("GPU-d1", null, "0-3599").At(50m)));

        var period = $"from={day:yyyy-MM-ddTHH:mm:ssZ}&to={day.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}";
        var hours = Enumerable.Range(0, 24).ToList();
        await Eventually.AssertAsync(async () =>
        {
            var own = (await tenantD.GetFromJsonAsync<EfficiencyReport>($"/v1/fleet/tenants/tenant-d/efficiency?{period}&groupBy=gpu", FleetService.Json))!;
            Assert.Equal(level, own.IdleBelowPercent);
            Assert.Equal(
            [
                ("GPU-d0", (24 * 3600L, 24 * 3600L, 0L, 3600L * hours.Count(h => Percent(h) < level), 0L, hours.Sum(h => Percent(h) * 3600 / 100), 24 * 3600L)),
                ("GPU-d1", (12 * 3600L, 12 * 3600L, 0L, 0L, 12 * 3600L, 0m, 0L)),
            ], own.Groups.Select(g => (g.GpuUuid!, Figures(g))));
        });
        Assert.Contains(hours, h => Percent(h) == level);

        var client = await fleet.OperatorAsync();
        var byGpu = (await client.GetFromJsonAsync<EfficiencyReport>($"/v1/fleet/efficiency?{period}&groupBy=gpu", FleetService.Json))!;
        Assert.Equal((24 * 3600L, 12 * 3600L, 12 * 3600L, 0L, 12 * 3600L, 12 * 3600 * 50m / 100, 12 * 3600L), Figures(byGpu.Groups.Single(g => g.GpuUuid == "GPU-d1")));
        Assert.Equal([new WastedCost("USD", H100PerHour * 12 * 3600 / 3600)], byGpu.Groups.Single(g => g.GpuUuid == "GPU-d1").WastedCost);
    }
}
