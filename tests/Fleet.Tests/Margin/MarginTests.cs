using Fleet.CostCards;
using Fleet.Costs;
using Fleet.Inventory;
using Fleet.Margin;
using Fleet.Revenue;
using Fleet.Usage;
using static Fleet.Tests.Given;
using static Fleet.Tests.Margin.GivenRevenue;

namespace Fleet.Tests.Margin;

/// <summary>
/// Revenue spread over the GPUs that earned it, beside what those GPUs cost: every expected figure
/// is the test's own arithmetic over the charges, prices and seconds it gives.
/// </summary>
public class MarginTests
{
    private static readonly DateTimeOffset Hour = February.AddHours(10);
    private const decimal PerHour = 3.60m;

    private static IReadOnlyList<MarginGroup> Report(
        DateTimeOffset from, DateTimeOffset to, string[] by, FleetNode[] nodes, CostCard[] cards, NodeHourUsage[] usage,
        RatedPeriod[] periods, params InvoiceRevenue[] invoices) =>
        MarginReport.Of(RevenueSpread.Spread(from, to, periods, invoices, nodes, usage), CostAttributions.Attribute(from, to, nodes, cards, usage).Lines, by);

    private static FleetNode OneH100(string nodeId, string supplier = "dc-east") => Node(nodeId, February, supplier, new HeldGpus(H100, 1));

    private static CostCard UsdCard(string supplier = "dc-east") => Card(supplier, "USD", February, Prices(new GpuPrice(H100, null, PerHour)));

    [Fact]
    public void A_charge_is_spread_pro_rata_and_the_last_group_takes_the_rest_so_the_groups_add_up_exactly()
    {
        var nodes = new[] { OneH100("node-1"), OneH100("node-2"), OneH100("node-3") };
        var usage = nodes.Select(n => NodeHour(Sealed(n.NodeId, Hour, Gpu($"GPU-{n.NodeId}", "tenant-a", "0-0")))).ToArray();

        var groups = Report(Hour, Hour.AddHours(1), ["node"], nodes, [UsdCard()], usage, [Rated("tenant-a", February, March, "USD", GpuTime(H100, 1.00m))]);

        var third = 1.00m * 1 / 3;
        Assert.Equal([("node-1", third), ("node-2", third), ("node-3", 1.00m - third - third)], groups.Select(g => (g.NodeId!, g.Revenue)));
        Assert.Equal(1.00m, groups.Sum(g => g.Revenue));
        Assert.NotEqual(third, groups[^1].Revenue);
    }

    [Fact]
    public void An_energy_charge_is_spread_by_the_joules_each_GPU_drew()
    {
        var nodes = new[] { OneH100("node-1"), OneH100("node-2") };
        var usage = new[]
        {
            NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-3599", joules: 1_000m))),
            NodeHour(Sealed("node-2", Hour, Gpu("GPU-b", "tenant-a", "0-599", joules: 3_000m))),
        };

        var groups = Report(Hour, Hour.AddHours(1), ["node"], nodes, [UsdCard()], usage, [Rated("tenant-a", February, March, "USD", Energy(H100, 1.00m))]);

        Assert.Equal([("node-1", 1.00m * 1_000 / 4_000), ("node-2", 1.00m - 1.00m * 1_000 / 4_000)], groups.Select(g => (g.NodeId!, g.UsageRevenue)));
    }

    [Fact]
    public void GPUs_changing_hands_mid_hour_earn_and_cost_each_tenant_its_own_seconds()
    {
        var nodes = new[] { OneH100("node-1"), OneH100("node-2") };
        var usage = new[]
        {
            NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-1799"), Gpu("GPU-a", "tenant-b", "1800-3599"))),
            NodeHour(Sealed("node-2", Hour, Gpu("GPU-b", "tenant-a", "0-599"), Gpu("GPU-b", null, "600-3599"))),
        };
        RatedPeriod[] periods = [Rated("tenant-a", February, March, "USD", GpuTime(H100, 5.00m)), Rated("tenant-b", February, March, "USD", GpuTime(H100, 2.50m))];

        var byNodeAndTenant = Report(Hour, Hour.AddHours(1), ["node", "tenant"], nodes, [UsdCard()], usage, periods);
        var byTenant = Report(Hour, Hour.AddHours(1), ["tenant"], nodes, [UsdCard()], usage, periods);

        var perSecond = PerHour / 3600;
        Assert.Equal(
        [
            ("node-1", (string?)"tenant-a", 5.00m * 1800 / 2400, 1800 * perSecond),
            ("node-1", "tenant-b", 2.50m, 1800 * perSecond),
            ("node-2", null, 0m, 3000 * perSecond),
            ("node-2", "tenant-a", 5.00m - 5.00m * 1800 / 2400, 600 * perSecond),
        ], byNodeAndTenant.Select(g => (g.NodeId!, g.TenantId, g.Revenue, g.Cost)));
        Assert.Equal(
        [
            (null, 0m, 3000 * perSecond, 3000 * perSecond, -3000 * perSecond, (decimal?)null),
            ("tenant-a", 5.00m, 2400 * perSecond, 0m, 5.00m - 2400 * perSecond, Math.Round((5.00m - 2400 * perSecond) / 5.00m * 100, 2, MidpointRounding.ToEven)),
            ("tenant-b", 2.50m, 1800 * perSecond, 0m, 2.50m - 1800 * perSecond, Math.Round((2.50m - 1800 * perSecond) / 2.50m * 100, 2, MidpointRounding.ToEven)),
        ], byTenant.Select(g => (g.TenantId, g.Revenue, g.Cost, g.IdleCapacityCost, g.Margin!.Value, g.MarginPercent)));
    }

    [Fact]
    public void A_cost_card_version_taking_effect_mid_period_prices_the_seconds_after_it()
    {
        var card = UsdCard().WithVersion(Hour.AddMinutes(30), Prices(new GpuPrice(H100, null, PerHour * 2)));
        var usage = NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-3599")));

        var group = Assert.Single(Report(Hour, Hour.AddHours(1), ["tenant"], [OneH100("node-1")], [card], [usage],
            [Rated("tenant-a", February, March, "USD", GpuTime(H100, 6.00m))]));

        var cost = PerHour * 1800 / 3600 + PerHour * 2 * 1800 / 3600;
        Assert.Equal(("tenant-a", 6.00m, cost, 6.00m - cost), (group.TenantId, group.Revenue, group.Cost, group.Margin));
    }

    [Fact]
    public void A_MIG_slice_earns_its_charge_beside_its_share_of_the_partitioned_GPU_and_the_rest_is_idle_capacity()
    {
        var node = Node("node-1", February, "dc-east", new HeldGpus(H100, 1, MigComputeSlices: 7));
        var card = Card("dc-east", "USD", February, Prices(new GpuPrice(H100, null, 7.00m)));
        var usage = NodeHour(Sealed("node-1", Hour, Gpu("MIG-1", "tenant-a", "0-3599", migProfile: "3g.40gb")));

        var groups = Report(Hour, Hour.AddHours(1), ["model", "tenant"], [node], [card], [usage],
            [Rated("tenant-a", February, March, "USD", GpuTime(H100, 4.50m, profile: "3g.40gb"))]);

        Assert.Equal(
        [
            (H100, (string?)null, (string?)null, 0m, 7.00m * 4 / 7, 7.00m * 4 / 7, (decimal?)(-7.00m * 4 / 7)),
            (H100, null, "tenant-a", 4.50m, 7.00m * 3 / 7, 0m, 4.50m - 7.00m * 3 / 7),
        ], groups.Select(g => (g.Model!, g.MigProfile, g.TenantId, g.Revenue, g.Cost, g.IdleCapacityCost, g.Margin)));
    }

    [Fact]
    public void Revenue_and_cost_in_two_currencies_are_both_shown_and_no_margin_is_made_across_them()
    {
        var euroCard = Card("dc-euro", "EUR", February, Prices(new GpuPrice(H100, null, PerHour)));
        var usage = new[]
        {
            NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-usd", "0-3599"))),
            NodeHour(Sealed("node-2", Hour, Gpu("GPU-b", "tenant-eur", "0-3599"))),
        };

        var groups = Report(Hour, Hour.AddHours(1), ["tenant"], [OneH100("node-1", "dc-euro"), OneH100("node-2", "dc-euro")], [euroCard], usage,
            [Rated("tenant-usd", February, March, "USD", GpuTime(H100, 5.00m)), Rated("tenant-eur", February, March, "EUR", GpuTime(H100, 4.00m))]);

        Assert.Equal(
        [
            ("tenant-eur", "EUR", 4.00m, PerHour, (decimal?)(4.00m - PerHour), false),
            ("tenant-usd", "EUR", 0m, PerHour, null, true),
            ("tenant-usd", "USD", 5.00m, 0m, null, true),
        ], groups.Select(g => (g.TenantId!, g.Currency, g.Revenue, g.Cost, g.Margin, g.MarginNote is not null)));
        Assert.Contains("Revenue in USD and cost in EUR", groups[1].MarginNote);
    }

    [Fact]
    public void A_final_invoice_rounds_the_charges_takes_off_credit_notes_and_shows_promotional_credit_as_its_own_line()
    {
        var usage = NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-3599")));
        RatedPeriod[] periods = [Rated("tenant-a", February, March, "USD", GpuTime(H100, 10.004m), Fee("flat-fee", 5m), Fee("commitment-discount", -1.0005m))];
        var finalized = Finalized("tenant-a@2026-02-01", subtotal: 14.00m, tax: 2.00m, total: 12.00m);
        // Redelivered: counted once.
        var invoice = Invoice(finalized, finalized, CreditNoteIssued("tenant-a@2026-02-01", 1.50m));

        MarginGroup TenantA(params InvoiceRevenue[] invoices) =>
            Report(February, March, ["tenant"], [OneH100("node-1")], [UsdCard()], [usage], periods, invoices).Single(g => g.TenantId == "tenant-a");
        var draft = TenantA();
        var final = TenantA(invoice);

        Assert.Equal((10.004m, 5m, -1.0005m, 0m, 0m, 10.004m + 5m - 1.0005m),
            (draft.UsageRevenue, draft.FixedRevenue, draft.CommitmentRevenue, draft.CreditNotes, draft.PromotionalCredit, draft.Revenue));
        Assert.Equal((10.00m, 5.00m, -1.00m, -1.50m, -(14.00m + 2.00m - 12.00m), 10.00m + 5.00m - 1.00m - 1.50m - 4.00m),
            (final.UsageRevenue, final.FixedRevenue, final.CommitmentRevenue, final.CreditNotes, final.PromotionalCredit, final.Revenue));
    }

    [Fact]
    public void A_voided_invoice_takes_its_period_out_of_revenue_and_leaves_the_cost_of_its_GPUs()
    {
        var usage = NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-1799"), Gpu("GPU-b", "tenant-b", "0-899")));
        var nodes = new[] { Node("node-1", February, "dc-east", new HeldGpus(H100, 2)) };
        RatedPeriod[] periods =
        [
            Rated("tenant-a", February, March, "USD", GpuTime(H100, 10.004m), Fee("flat-fee", 5m)),
            Rated("tenant-b", February, March, "USD", GpuTime(H100, 2.00m)),
        ];
        var finalized = Finalized("tenant-a@2026-02-01", subtotal: 15.00m, tax: 1.00m, total: 14.00m);
        var voided = Voided("tenant-a@2026-02-01");
        IReadOnlyList<MarginGroup> ByTenant(params InvoiceRevenue[] invoices) =>
            Report(February, March, ["tenant"], nodes, [UsdCard()], [usage], periods, invoices);

        var standing = ByTenant(Invoice(finalized)).Single(g => g.TenantId == "tenant-a");
        // Redelivered, and arriving before the finalization it cancels: the same.
        var afterVoid = ByTenant(Invoice(finalized, voided, voided));
        var voidFirst = ByTenant(Invoice(voided, finalized));

        var aCost = 1800 * PerHour / 3600;
        Assert.Equal((10.00m + 5.00m - (15.00m + 1.00m - 14.00m), aCost), (standing.Revenue, standing.Cost));
        var a = afterVoid.Single(g => g.TenantId == "tenant-a");
        Assert.Equal((0m, 0m, 0m, 0m, aCost, (decimal?)-aCost, (decimal?)null), (a.UsageRevenue, a.FixedRevenue, a.PromotionalCredit, a.Revenue, a.Cost, a.Margin, a.MarginPercent));
        Assert.Equal(2.00m, afterVoid.Single(g => g.TenantId == "tenant-b").Revenue);
        Assert.Equal(afterVoid, voidFirst);
        Assert.Equal(2 * 28 * 24 * PerHour - aCost - 900 * PerHour / 3600, afterVoid.Single(g => g.TenantId is null).IdleCapacityCost);
    }

    [Fact]
    public void A_report_holds_the_usage_share_inside_it_and_the_unspread_lines_of_the_periods_starting_in_it()
    {
        var usage = new[]
        {
            NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-1799"))),
            NodeHour(Sealed("node-1", Hour.AddDays(1), Gpu("GPU-a", "tenant-a", "0-599"))),
        };
        RatedPeriod[] periods = [Rated("tenant-a", February, March, "USD", GpuTime(H100, 6.00m), Fee("reserved-gpus", 2.00m))];
        MarginGroup TenantA(DateTimeOffset from, DateTimeOffset to) =>
            Report(from, to, ["tenant"], [OneH100("node-1")], [UsdCard()], usage, periods).Single(g => g.TenantId == "tenant-a");

        var firstDay = TenantA(February, February.AddDays(1));
        var secondDay = TenantA(February.AddDays(1), February.AddDays(2));

        Assert.Equal((6.00m * 1800 / 2400, 2.00m), (firstDay.UsageRevenue, firstDay.FixedRevenue));
        Assert.Equal((6.00m - 6.00m * 1800 / 2400, 0m), (secondDay.UsageRevenue, secondDay.FixedRevenue));
    }

    [Fact]
    public void An_invoice_named_by_its_local_start_date_is_the_period_starting_at_that_local_midnight()
    {
        // Kolkata (+05:30): the period of 1 February starts at 18:30 UTC the day before.
        var kolkata = Rated("tenant-a", new DateTimeOffset(2026, 1, 31, 18, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 28, 18, 30, 0, TimeSpan.Zero), "INR");

        Assert.True(kolkata.IsInvoicedAs("tenant-a", new DateOnly(2026, 2, 1)));
        Assert.False(kolkata.IsInvoicedAs("tenant-a", new DateOnly(2026, 1, 1)));
        Assert.False(kolkata.IsInvoicedAs("tenant-b", new DateOnly(2026, 2, 1)));
    }

    [Fact]
    public void A_newer_rating_replaces_an_older_one_and_an_older_one_arriving_late_changes_nothing()
    {
        var newer = RatedPeriod.Evolve(Rated("tenant-a", February, March, "USD", GpuTime(H100, 1m)), Rating("tenant-a", February, March, "USD", 5, GpuTime(H100, 2m)));
        var late = RatedPeriod.Evolve(newer, Rating("tenant-a", February, March, "USD", 3, GpuTime(H100, 9m)));

        Assert.Same(newer, late);
        Assert.Equal((5L, 2m), (late.TotalsVersion, late.Charges.Single().Amount));
    }
}
