using System.Net;
using System.Net.Http.Json;
using Fleet.CostCards;
using Fleet.Inventory;
using Fleet.Margin;
using Fleet.Revenue;
using GpuBilling.Access;
using GpuBilling.Testing;
using static Fleet.Tests.Given;
using static Fleet.Tests.Margin.GivenRevenue;

namespace Fleet.Tests.Margin;

public sealed class MarginReportService() : FleetService("fleet_margin_tests");

/// <summary>
/// The service over real PostgreSQL and RabbitMQ: nodes and two suppliers' cards (dollars and euros)
/// registered through the API; sealed usage, pricing's ratings and invoicing's partner events arriving
/// on the fleet's queues as their publishers send them; the operator's margin report. Every expected
/// figure is the test's arithmetic over the prices, seconds and charges it sent.
/// </summary>
public class MarginReportTests(MarginReportService fleet) : IClassFixture<MarginReportService>
{
    private static readonly DateTimeOffset Hour = February.AddHours(10);
    private const decimal DollarsPerHour = 2.88m;
    private const decimal EurosPerHour = 3.60m;
    private static readonly decimal MonthHours = (decimal)(March - February).TotalHours;

    private static string Period => $"from={February:yyyy-MM-ddTHH:mm:ssZ}&to={March:yyyy-MM-ddTHH:mm:ssZ}";

    [Fact]
    public async Task Ratings_and_invoices_become_revenue_beside_supplier_cost_per_group_and_tenants_never_see_it()
    {
        await Queues.ConsumerReadyAsync(fleet.Name, PeriodRatedConsumerDefinition.QueueName);
        await Queues.ConsumerReadyAsync(fleet.Name, InvoicePartnerEventConsumerDefinition.QueueName);
        await fleet.RegisterAsync("mrg-1", new RegisterNodeVersionRequest(February, null, "fra-1", "sup-usd", [new HeldGpus(H100, 2)]));
        await fleet.RegisterAsync("mrg-2", new RegisterNodeVersionRequest(February, null, "par-1", "sup-eur", [new HeldGpus(H100, 1)]));
        await fleet.PublishCardAsync("sup-usd", "USD", February, Prices(new GpuPrice(H100, null, DollarsPerHour)));
        await fleet.PublishCardAsync("sup-eur", "EUR", February, Prices(new GpuPrice(H100, null, EurosPerHour)));

        await Task.WhenAll(
            fleet.Metering.Publish(Sealed("mrg-1", Hour, Gpu("GPU-1", "tenant-a", "0-1799"), Gpu("GPU-1", "tenant-b", "1800-3599"), Gpu("GPU-2", null, "0-3599"))),
            fleet.Metering.Publish(Sealed("mrg-2", Hour, Gpu("GPU-3", "tenant-a", "0-899"), Gpu("GPU-3", null, "900-3599"))),
            // Rated twice as usage grew; the older rating arriving last changes nothing.
            fleet.Metering.Publish(Rating("tenant-a", February, March, "USD", 2, GpuTime(H100, 4.00m), Fee("flat-fee", 1.00m))),
            fleet.Metering.Publish(Rating("tenant-a", February, March, "USD", 1, GpuTime(H100, 3.00m))),
            fleet.Metering.Publish(Rating("tenant-b", February, March, "USD", 1, GpuTime(H100, 2.004m))),
            fleet.Metering.Publish(Finalized("tenant-b@2026-02-01", subtotal: 2.00m, tax: 0.30m, total: 1.80m)),
            fleet.Metering.Publish(CreditNoteIssued("tenant-b@2026-02-01", 0.25m)));

        var dollarCost = 2 * MonthHours * DollarsPerHour;
        var euroCost = MonthHours * EurosPerHour;
        var aDollars = 1800 * DollarsPerHour / 3600;
        var bDollars = 1800 * DollarsPerHour / 3600;
        var aEuros = 900 * EurosPerHour / 3600;
        var bRevenue = 2.00m - 0.25m - (2.00m + 0.30m - 1.80m);
        var client = await fleet.OperatorAsync();
        await Eventually.AssertAsync(async () =>
        {
            var report = (await client.GetFromJsonAsync<MarginPage>($"/v1/fleet/margin?{Period}&groupBy=tenant", FleetService.Json))!;
            Assert.Equal(
            [
                (null, "EUR", 0m, euroCost - aEuros, euroCost - aEuros, null, null),
                (null, "USD", 0m, dollarCost - aDollars - bDollars, dollarCost - aDollars - bDollars, null, null),
                ("tenant-a", "EUR", 0m, aEuros, 0m, null, null),
                ("tenant-a", "USD", 4.00m + 1.00m, aDollars, 0m, null, null),
                ("tenant-b", "USD", bRevenue, bDollars, 0m, (decimal?)(bRevenue - bDollars), (decimal?)Math.Round((bRevenue - bDollars) / bRevenue * 100, 2, MidpointRounding.ToEven)),
            ], report.Groups.Select(g => ((string?)g.TenantId, g.Currency, g.Revenue, g.Cost, g.IdleCapacityCost, g.Margin, g.MarginPercent)));
        });

        var byNode = (await client.GetFromJsonAsync<MarginPage>($"/v1/fleet/margin?{Period}&groupBy=node,tenant", FleetService.Json))!;
        var tenantA = byNode.Groups.Where(g => g.TenantId == "tenant-a" && g.Currency == "USD").ToList();
        Assert.Equal(
        [
            ((string?)null, 0m, 1.00m),
            ("mrg-1", 4.00m * 1800 / 2700, 0m),
            ("mrg-2", 4.00m - 4.00m * 1800 / 2700, 0m),
        ], tenantA.Select(g => (g.NodeId, g.UsageRevenue, g.FixedRevenue)));
        var unspreadB = byNode.Groups.Single(g => g is { TenantId: "tenant-b", NodeId: null });
        Assert.Equal((-0.25m, -0.50m), (unspreadB.CreditNotes, unspreadB.PromotionalCredit));
        Assert.Equal(2.00m, byNode.Groups.Single(g => g is { TenantId: "tenant-b", NodeId: "mrg-1" }).UsageRevenue);
        Assert.Equal([("EUR", null), ("USD", null)], byNode.Totals.Select(t => (t.Currency, t.Margin)));
        Assert.Equal(4.00m + 1.00m + bRevenue, byNode.Totals.Single(t => t.Currency == "USD").Revenue);

        // A page at a time, in the same order, each group once; as CSV the same page and a link to the next.
        var paged = new List<MarginGroup>();
        var next = "";
        do
        {
            var page = (await client.GetFromJsonAsync<MarginPage>(
                $"/v1/fleet/margin?{Period}&groupBy=node,tenant&limit=3{(next == "" ? "" : $"&cursor={next}")}", FleetService.Json))!;
            paged.AddRange(page.Groups);
            next = page.Next ?? "";
        }
        while (next != "");
        Assert.Equal(byNode.Groups, paged);
        var csv = await client.GetAsync($"/v1/fleet/margin?{Period}&groupBy=tenant&limit=4&format=csv");
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("supplier_id,node_id,site,model,mig_profile,tenant_id,currency,usage_revenue", rows[0]);
        Assert.Equal(5, rows.Length);
        Assert.Contains("rel=\"next\"", csv.Headers.GetValues("Link").Single());

        var tenant = await fleet.ClientForAsync("margin-tenant", Roles.Tenant, "tenant-a");
        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.GetAsync($"/v1/fleet/margin?{Period}")).StatusCode);
    }

    [Fact]
    public async Task A_voided_invoice_takes_its_revenue_out_of_the_margin_and_its_GPUs_still_cost()
    {
        // April, on a node and card of its own: the February report of the other test never sees it.
        var april = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
        var may = april.AddMonths(1);
        await Queues.ConsumerReadyAsync(fleet.Name, PeriodRatedConsumerDefinition.QueueName);
        await Queues.ConsumerReadyAsync(fleet.Name, InvoicePartnerEventConsumerDefinition.QueueName);
        await fleet.RegisterAsync("mrg-void", new RegisterNodeVersionRequest(april, may, "fra-2", "sup-void", [new HeldGpus(H100, 1)]));
        await fleet.PublishCardAsync("sup-void", "USD", april, Prices(new GpuPrice(H100, null, DollarsPerHour)));
        await Task.WhenAll(
            fleet.Metering.Publish(Sealed("mrg-void", april.AddHours(10), Gpu("GPU-v", "tenant-v", "0-3599"))),
            fleet.Metering.Publish(Rating("tenant-v", april, may, "USD", 1, GpuTime(H100, 3.004m))),
            fleet.Metering.Publish(Finalized("tenant-v@2026-04-01", subtotal: 3.00m, tax: 0.60m, total: 3.60m)));

        var client = await fleet.OperatorAsync();
        var url = $"/v1/fleet/margin?from={april:yyyy-MM-ddTHH:mm:ssZ}&to={may:yyyy-MM-ddTHH:mm:ssZ}&groupBy=node,tenant";
        async Task<MarginGroup> TenantV() =>
            (await client.GetFromJsonAsync<MarginPage>(url, FleetService.Json))!.Groups.Single(g => g is { TenantId: "tenant-v", NodeId: "mrg-void" });
        var cost = 3600 * DollarsPerHour / 3600;
        await Eventually.AssertAsync(async () =>
            Assert.Equal((3.00m, 3.00m, cost, (decimal?)(3.00m - cost)), await TenantV() is var g ? (g.UsageRevenue, g.Revenue, g.Cost, g.Margin) : default));

        await fleet.Metering.Publish(Voided("tenant-v@2026-04-01"));

        await Eventually.AssertAsync(async () =>
            Assert.Equal((0m, 0m, cost, (decimal?)-cost, (decimal?)null), await TenantV() is var g ? (g.UsageRevenue, g.Revenue, g.Cost, g.Margin, g.MarginPercent) : default));
    }
}
