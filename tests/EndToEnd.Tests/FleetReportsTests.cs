using System.Globalization;
using System.Text.Json;
using GpuBilling.Testing;
using static EndToEnd.Tests.FleetScenario;

namespace EndToEnd.Tests;

/// <summary>
/// What each GPU earned, cost and wasted, across the real processes: a simulated fleet in the node
/// agent, metering, pricing and invoicing (both tenants on a graduated rate card), the fleet service
/// (its inventory and two suppliers' cost cards, one in euros), RabbitMQ and PostgreSQL. The margin
/// and efficiency reports must equal, to the minor unit, what <see cref="FleetScenario"/> computes
/// from the fleet's parameters, the allocations and the cards.
/// </summary>
public class FleetReportsTests
{
    [Fact]
    public async Task Margin_idle_capacity_and_busy_time_per_tenant_node_and_supplier_are_what_the_fleet_and_the_cards_imply()
    {
        var fleet = await SimulatedFleet.CreateAsync("e2e_fleet_reports", SimulatedNodes, Seconds, Allocations);
        var scenario = new FleetScenario(fleet.StartAt);

        // Metering that seals nothing yet (a day's grace): the run is sealed at once later, so each
        // node-hour is one ledger window and a GPU's idleness in it follows from the formula alone.
        var collecting = fleet.StartMetering(new Dictionary<string, string?> { ["Sealing:Grace"] = "1.00:00:00" });
        // Pricing's clock runs behind, so a rate card published now is in force for the replayed seconds.
        await using var pricing = fleet.StartPricing(clockOffset: fleet.StartAt.AddMinutes(-10) - DateTimeOffset.UtcNow);
        await using var invoicing = fleet.StartInvoicing();
        await using var fleetService = fleet.StartFleet();
        try
        {
            await collecting.ReadyAsync();
            // The run goes into the intake while the other services start and are set up.
            await using (var agent = fleet.StartAgent(settings: IdleGpus.Select((uuid, i) => KeyValuePair.Create($"Simulation:IdleGpus:{i}", (string?)uuid)).ToDictionary()))
            {
                await Task.WhenAll(SetUpBillingAsync(fleet, pricing, invoicing), SetUpFleetAsync(fleet, fleetService, scenario));
                Assert.True(await agent.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, $"The agent failed:\n{agent.Output}");
            }
            await Eventually.AssertAsync(async () =>
                Assert.Equal(SimulatedNodes * Seconds, await fleet.ScalarAsync("select count(*) from metering.intake")), TimeSpan.FromMinutes(1));
        }
        finally
        {
            await collecting.DisposeAsync();
        }

        await using var metering = fleet.StartMetering();
        var margin = Margin(scenario);
        var efficiency = Efficiency(scenario);
        await Eventually.AssertAsync(async () =>
        {
            if (new[] { metering, pricing, fleetService }.FirstOrDefault(s => s.HasExited) is { } exited)
                throw new WillNeverHold($"{exited.Name} exited:\n{exited.Output}");
            foreach (var (groupBy, _) in Dimensions)
                Assert.Equal(margin[groupBy], await MarginReportAsync(fleetService, scenario, groupBy));
        }, TimeSpan.FromMinutes(2));
        // Cost per tenant already needed every node-hour of the run, so efficiency reads all of it.
        foreach (var (groupBy, _) in Dimensions)
            Assert.Equal(efficiency[groupBy], await EfficiencyReportAsync(fleetService, scenario, groupBy));
    }

    /// <summary>The tiered rate card and both tenants' accounts, until pricing knows their terms and hears the ledger.</summary>
    private static async Task SetUpBillingAsync(SimulatedFleet fleet, ServiceProcess pricing, ServiceProcess invoicing)
    {
        await Task.WhenAll(pricing.ReadyAsync(), invoicing.ReadyAsync());
        await pricing.SendAsync(HttpMethod.Post, $"/v1/rate-cards/{RateCard}/versions", RateCardRequest(fleet.StartAt.AddSeconds(-1)));
        foreach (var tenant in Tenants)
            await invoicing.PutBillingAccountAsync(tenant, AccountRequest(tenant));
        foreach (var tenant in Tenants)
            await Eventually.AssertAsync(async () =>
                Assert.Equal(1, await fleet.ScalarAsync($"select count(*) from pricing.mt_doc_tenantterms where id = '{tenant}'")), TimeSpan.FromMinutes(1));
        await Queues.ConsumerReadyAsync(fleet.Name, "pricing-usage-recorded");
    }

    /// <summary>Both suppliers' cost cards and every node held for exactly the run, until the fleet hears the ledger and the ratings.</summary>
    private static async Task SetUpFleetAsync(SimulatedFleet fleet, ServiceProcess fleetService, FleetScenario scenario)
    {
        await fleetService.ReadyAsync();
        foreach (var (supplier, currency) in SupplierCurrencies)
            foreach (var version in CostPrices.Where(p => p.SupplierId == supplier).GroupBy(p => p.FromSecond))
                await fleetService.SendAsync(HttpMethod.Post, $"/v1/fleet/cost-cards/{supplier}/versions", new
                {
                    currency,
                    effectiveFrom = scenario.StartAt.AddSeconds(version.Key),
                    terms = new { prices = version.Select(p => new { model = p.Model, migProfile = (string?)null, pricePerGpuHour = p.PerGpuHour }) },
                });
        foreach (var node in Inventory)
            await fleetService.SendAsync(HttpMethod.Post, $"/v1/fleet/nodes/{node.NodeId}/versions", new
            {
                effectiveFrom = scenario.StartAt,
                until = scenario.End,
                site = node.Site,
                supplierId = node.SupplierId,
                gpus = new[] { new { model = node.Model, count = 8 } },
            });
        foreach (var queue in new[] { "fleet-node-usage-sealed", "fleet-period-rated" })
            await Queues.ConsumerReadyAsync(fleet.Name, queue);
    }

    /// <summary>How each report is grouped, and the group a tenant's time on a node falls in (an empty grouping: the totals).</summary>
    private static readonly (string GroupBy, Func<string?, Placement, string?> KeyOf)[] Dimensions =
    [
        ("tenant", (tenant, _) => tenant),
        ("node", (_, node) => node.NodeId),
        ("supplier", (_, node) => node.SupplierId),
        ("", (_, _) => null),
    ];

    /// <summary>An amount as a reader shows it: half to even at the minor unit (two places in dollars and euros alike).</summary>
    private static string Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.ToEven).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Percent(decimal rounded) => rounded.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// One line per group and currency. Margin only where all of the group's revenue and cost are in
    /// that one currency; margin % of revenue to two places, half to even.
    /// </summary>
    private static Dictionary<string, List<string>> Margin(FleetScenario scenario)
    {
        var revenue = scenario.Revenue().ToList();
        var cost = scenario.Cost().ToList();
        return Dimensions.ToDictionary(d => d.GroupBy, d =>
        {
            var lines = new List<string>();
            var earned = revenue.ToLookup(r => d.KeyOf(r.TenantId, r.Node));
            var spent = cost.ToLookup(c => d.KeyOf(c.TenantId, c.Node));
            foreach (var key in earned.Select(g => g.Key).Union(spent.Select(g => g.Key)))
            {
                var currencies = spent[key].Select(c => c.Currency).Concat(earned[key].Select(_ => RateCurrency)).Distinct().ToList();
                foreach (var currency in currencies)
                {
                    var r = currency == RateCurrency ? earned[key].Sum(e => e.Amount) : 0m;
                    var c = spent[key].Where(s => s.Currency == currency).Sum(s => s.Amount);
                    var idle = spent[key].Where(s => s.Currency == currency && s.TenantId is null).Sum(s => s.Amount);
                    decimal? m = currencies.Count == 1 ? r - c : null;
                    var percent = m is { } value && r != 0 ? Percent(Math.Round(value / r * 100m, 2, MidpointRounding.ToEven)) : "-";
                    lines.Add(MarginLine(key, currency, Cents(r), Cents(c), Cents(idle), m is { } x ? Cents(x) : "-", percent));
                }
            }
            return lines.Order(StringComparer.Ordinal).ToList();
        });
    }

    private static string MarginLine(string? key, string currency, string revenue, string cost, string idle, string margin, string percent) =>
        $"{key ?? "(none)"} {currency}: revenue {revenue}, cost {cost}, idle capacity {idle}, margin {margin} ({percent} %)";

    private static async Task<List<string>> MarginReportAsync(ServiceProcess fleetService, FleetScenario scenario, string groupBy)
    {
        var report = await fleetService.GetAsync($"/v1/fleet/margin?{Period(scenario)}&groupBy={groupBy}&limit=100");
        var rows = groupBy == "" ? report.GetProperty("totals") : report.GetProperty("groups");
        return rows.EnumerateArray().Select(g => MarginLine(
                KeyIn(g, groupBy), g.GetProperty("currency").GetString()!,
                Cents(g.GetProperty("revenue").GetDecimalText()), Cents(g.GetProperty("cost").GetDecimalText()),
                Cents(g.GetProperty("idleCapacityCost").GetDecimalText()),
                g.GetProperty("margin").ValueKind == JsonValueKind.Null ? "-" : Cents(g.GetProperty("margin").GetDecimalText()),
                g.GetProperty("marginPercent").ValueKind == JsonValueKind.Null ? "-" : Percent(g.GetProperty("marginPercent").GetDecimalText())))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// One line per group: GPU-seconds present, allocated, unallocated, allocated and idle, busy
    /// (utilization sum / 100, exact), and what the wasted seconds cost at the supplier's price at
    /// each entry's first second.
    /// </summary>
    private static Dictionary<string, List<string>> Efficiency(FleetScenario scenario)
    {
        var entries = scenario.Entries().Select(e =>
        {
            var seconds = e.Seconds.Count;
            var utilization = e.Seconds.Sum(s => UtilizationOf(e.Node, e.Gpu, s));
            var idle = e.TenantId is not null && utilization < IdleBelowPercent * seconds ? seconds : 0;
            var wasted = idle + (e.TenantId is null ? seconds : 0);
            var (currency, price) = scenario.PriceAt(e.Node, e.Seconds[0]);
            return (e.TenantId, e.Node, Seconds: seconds, Busy: utilization / 100m, Idle: idle, Currency: currency, WastedCost: wasted * price / 3600m);
        }).ToList();
        return Dimensions.ToDictionary(d => d.GroupBy, d => entries
            .GroupBy(e => d.KeyOf(e.TenantId, e.Node))
            .Select(g => EfficiencyLine(g.Key, g.Sum(e => e.Seconds), g.Where(e => e.TenantId is not null).Sum(e => e.Seconds),
                g.Where(e => e.TenantId is null).Sum(e => e.Seconds), g.Sum(e => e.Idle), g.Sum(e => e.Busy),
                g.Where(e => e.WastedCost != 0).GroupBy(e => e.Currency).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Sum(e => e.WastedCost)))))
            .Order(StringComparer.Ordinal).ToList());
    }

    private static string EfficiencyLine(string? key, long present, long allocated, long unallocated, long idle, decimal busy, IEnumerable<(string Currency, decimal Amount)> wastedCost) =>
        $"{key ?? "(none)"}: present {present}, allocated {allocated}, unallocated {unallocated}, allocated idle {idle}, busy {busy.ToString("0.00", CultureInfo.InvariantCulture)}, " +
        $"wasted cost {string.Join(" ", wastedCost.Select(c => $"{c.Currency} {Cents(c.Amount)}"))}";

    private static async Task<List<string>> EfficiencyReportAsync(ServiceProcess fleetService, FleetScenario scenario, string groupBy)
    {
        var report = await fleetService.GetAsync($"/v1/fleet/efficiency?{Period(scenario)}&groupBy={(groupBy == "" ? "node" : groupBy)}&limit=100");
        var rows = groupBy == "" ? [report.GetProperty("total")] : report.GetProperty("groups").EnumerateArray().ToList();
        return rows.Select(g => EfficiencyLine(
                KeyIn(g, groupBy), g.GetProperty("presentGpuSeconds").GetInt64(), g.GetProperty("allocatedGpuSeconds").GetInt64(),
                g.GetProperty("unallocatedGpuSeconds").GetInt64(), g.GetProperty("allocatedIdleGpuSeconds").GetInt64(),
                g.GetProperty("busyGpuSeconds").GetDecimalText(),
                g.GetProperty("wastedCost").EnumerateArray().Select(c => (c.GetProperty("currency").GetString()!, c.GetProperty("amount").GetDecimalText()))))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static string? KeyIn(JsonElement group, string groupBy) => groupBy == "" ? null : group.GetProperty($"{groupBy}Id").GetString();

    private static string Period(FleetScenario scenario) =>
        $"from={Uri.EscapeDataString(scenario.StartAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))}" +
        $"&to={Uri.EscapeDataString(scenario.End.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))}";

    private static object RateCardRequest(DateTimeOffset effectiveFrom) => new
    {
        currency = RateCurrency,
        effectiveFrom,
        terms = new
        {
            rates = RateBands.Select(r => new
            {
                key = new { gpuModel = r.Key, migProfile = (string?)null, allocationClass = "on-demand" },
                model = "graduated",
                pricePerGpuHour = (decimal?)null,
                tiers = r.Value.Select(b => new { upToGpuHours = b.UpToGpuHours, pricePerGpuHour = b.PerGpuHour }),
            }),
        },
    };

    /// <summary>
    /// Monthly periods in UTC anchored on a day that is neither today nor tomorrow, so no period ends
    /// between the run and the end of the test: the period stays open and its revenue is its draft's.
    /// </summary>
    private static object AccountRequest(string tenant)
    {
        var today = DateTimeOffset.UtcNow;
        var anchorDay = Enumerable.Range(1, 3).First(d => d != today.Day && d != today.AddDays(1).Day);
        return new
        {
            tenantId = tenant,
            currencyCode = RateCurrency,
            timeZoneId = "UTC",
            anchorDay,
            gracePeriod = "00:00:00",
            paymentTermsDays = 30,
            taxRate = 0.19m,
            issuerId = "gpucloud-fleet",
            issuer = new { name = "GPU Cloud Inc.", address = new { lines = new[] { "1 Compute Way" }, city = "Ashburn", postalCode = "20147", region = "VA", countryCode = "US" }, taxId = "US-12-3456789" },
            customer = new { name = $"{tenant} LLC", address = new { lines = new[] { "5 Model Street" }, city = "New York", postalCode = "10001", region = "NY", countryCode = "US" }, taxId = (string?)null },
            rateCardId = RateCard,
        };
    }
}
