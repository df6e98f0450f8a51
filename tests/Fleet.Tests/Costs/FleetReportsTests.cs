using System.Net;
using System.Net.Http.Json;
using Fleet.CostCards;
using Fleet.Costs;
using Fleet.Inventory;
using GpuBilling.Testing;
using static Fleet.Tests.Given;

namespace Fleet.Tests.Costs;

public sealed class FleetReportsService() : FleetService("fleet_reports_tests");

/// <summary>
/// The service over real PostgreSQL and RabbitMQ: nodes and a cost card registered through the API,
/// sealed usage arriving as metering publishes it, and the operator's reports. Expected figures are
/// the card's price times the seconds the test sent.
/// </summary>
public class FleetReportsTests(FleetReportsService fleet) : IClassFixture<FleetReportsService>
{
    private static readonly DateTimeOffset Hour = February.AddHours(10);
    private const decimal PerHour = 2.88m;

    private static string Period => $"from={Hour:yyyy-MM-ddTHH:mm:ssZ}&to={Hour.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}";

    [Fact]
    public async Task Sealed_usage_is_costed_once_however_often_delivered_and_the_inventory_check_names_what_disagrees()
    {
        await fleet.RegisterAsync("rep-node", new RegisterNodeVersionRequest(February, null, "fra-1", "rep-supplier", [new HeldGpus(H100, 2)]));
        await fleet.PublishCardAsync("rep-supplier", "USD", February, Prices(new GpuPrice(H100, null, PerHour)));
        var held = Sealed("rep-node", Hour, Gpu("GPU-a", "tenant-a", "0-1799"), Gpu("GPU-a", null, "1800-3599"));
        var stray = Sealed("rep-stray", Hour, Gpu("GPU-z", "tenant-b", "0-59"));

        // Published twice: redelivery and a replayed subscription look just like this.
        await Task.WhenAll(fleet.Metering.Publish(held), fleet.Metering.Publish(held), fleet.Metering.Publish(stray));
        var client = await fleet.OperatorAsync();
        await Eventually.AssertAsync(async () =>
        {
            var check = await client.GetFromJsonAsync<InventoryCheck>($"/v1/fleet/inventory-check?{Period}", FleetService.Json);
            Assert.Equal(new UncostedUsage("rep-stray", H100, null, "not-registered", 60), Assert.Single(check!.ReportingButNotRegistered));
        });
        await fleet.SettledAsync();

        var inventory = (await client.GetFromJsonAsync<InventoryCheck>($"/v1/fleet/inventory-check?{Period}", FleetService.Json))!;
        Assert.Equal(new HoldingUse("rep-node", H100, null, 2, 1, 7200m, 3600m, 3600m, 0m), Assert.Single(inventory.RegisteredButNotReporting));
        Assert.Empty(inventory.ReportingBeyondRegistered);

        var report = (await client.GetFromJsonAsync<CostReport>($"/v1/fleet/costs?{Period}&groupBy=tenant,class", FleetService.Json))!;
        Assert.Equal(
        [
            ("USD", "tenant-a", CostClasses.Allocated, 1800m, PerHour * 1800 / 3600),
            ("USD", null, CostClasses.Unallocated, 1800m, PerHour * 1800 / 3600),
            ("USD", null, CostClasses.Unreported, 3600m, PerHour),
        ], report.Groups.Select(g => (g.Currency, g.TenantId, g.Class, g.GpuSeconds, g.Amount)).OrderBy(g => g.Class));
        Assert.Equal("rep-stray", Assert.Single(report.Uncosted).NodeId);
        Assert.Equal(new CostTotal("USD", 7200m, 0m, PerHour * 2), Assert.Single(report.Totals));

        // A page at a time, in the same order, each group once.
        var paged = new List<CostGroup>();
        var next = "";
        do
        {
            var page = (await client.GetFromJsonAsync<CostReport>(
                $"/v1/fleet/costs?{Period}&groupBy=tenant,class&limit=2{(next == "" ? "" : $"&cursor={next}")}", FleetService.Json))!;
            paged.AddRange(page.Groups);
            next = page.Next ?? "";
        }
        while (next != "");
        Assert.Equal(report.Groups, paged);
    }

    /// <summary>
    /// Over whole days the check reads the node-day where it stands (held all day, no more reported than
    /// held) and the hours of the rest: the same answers, to the second.
    /// </summary>
    [Fact]
    public async Task The_inventory_check_over_whole_days_reads_them_with_the_same_answers()
    {
        var day = February.AddDays(4);
        await fleet.RegisterAsync("rep-day", new RegisterNodeVersionRequest(day, null, "fra-1", "rep-supplier", [new HeldGpus(H100, 3)]));
        // GPU-a held all day, GPU-b reported unallocated in even hours, the third GPU never; a node nobody registered reports ten minutes.
        for (var h = 0; h < 24; h++)
            await fleet.Metering.Publish(Sealed("rep-day", day.AddHours(h), [Gpu("GPU-a", "tenant-a", "0-3599"), .. h % 2 == 0 ? [Gpu("GPU-b", null, "0-3599")] : Array.Empty<Metering.Contracts.SealedGpuUsage>()]));
        await fleet.Metering.Publish(Sealed("rep-stray-day", day.AddHours(3), Gpu("GPU-z", "tenant-b", "0-599")));

        var client = await fleet.OperatorAsync();
        var period = $"from={day:yyyy-MM-ddTHH:mm:ssZ}&to={day.AddDays(2):yyyy-MM-ddTHH:mm:ssZ}";
        const long held = 3 * 2 * 86_400L, reported = 24 * 3600L + 12 * 3600L;
        await Eventually.AssertAsync(async () =>
        {
            var check = (await client.GetFromJsonAsync<InventoryCheck>($"/v1/fleet/inventory-check?{period}", FleetService.Json))!;
            Assert.Equal(new HoldingUse("rep-day", H100, null, 3, 2, held, reported, held - reported, 0m), check.RegisteredButNotReporting.Single(h => h.NodeId == "rep-day"));
            Assert.Equal(new UncostedUsage("rep-stray-day", H100, null, "not-registered", 600), check.ReportingButNotRegistered.Single(u => u.NodeId == "rep-stray-day"));
            Assert.DoesNotContain(check.ReportingBeyondRegistered, h => h.NodeId == "rep-day");
        });
    }

    [Fact]
    public async Task Nodes_are_registered_version_by_version_and_a_version_before_the_latest_is_refused()
    {
        var client = await fleet.OperatorAsync();
        await fleet.RegisterAsync("ver-node", new RegisterNodeVersionRequest(February, null, "fra-1", "dc-east", [new HeldGpus(H100, 8)]));
        await fleet.RegisterAsync("ver-node", new RegisterNodeVersionRequest(February.AddDays(7), March, "fra-2", "dc-east", [new HeldGpus(H100, 4)]));

        var refused = await client.PostAsJsonAsync("/v1/fleet/nodes/ver-node/versions",
            new RegisterNodeVersionRequest(February.AddDays(3), null, "fra-1", "dc-east", [new HeldGpus(H100, 8)]), FleetService.Json);
        var node = await client.GetFromJsonAsync<FleetNode>("/v1/fleet/nodes/ver-node", FleetService.Json);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([(1, "fra-1", 8, (DateTimeOffset?)null), (2, "fra-2", 4, March)],
            node!.Versions.Select(v => (v.Number, v.Site, v.Gpus.Single().Count, v.Until)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/fleet/nodes/never-registered")).StatusCode);
    }
}
