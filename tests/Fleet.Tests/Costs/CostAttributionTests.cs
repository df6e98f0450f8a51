using Fleet.CostCards;
using Fleet.Costs;
using Fleet.Inventory;
using static Fleet.Tests.Given;

namespace Fleet.Tests.Costs;

/// <summary>
/// Supplier cost attributed second by second. Every expected figure is the card's price per hour
/// over 3,600 times the seconds the test's own inputs give, never read back from the attribution.
/// </summary>
public class CostAttributionTests
{
    private const decimal H100PerHour = 3.60m;
    private static readonly DateTimeOffset Hour = February;
    private static readonly CostCard DcEast = Card("dc-east", "USD", February, Prices(new GpuPrice(H100, null, H100PerHour)));

    private static decimal Cost(decimal perHour, decimal seconds) => perHour * seconds / 3600;

    private static CostAttribution Attribute(IEnumerable<FleetNode> nodes, IEnumerable<CostCard> cards, params Fleet.Usage.NodeHourUsage[] usage) =>
        CostAttributions.Attribute(Hour, Hour.AddHours(1), nodes, cards, usage);

    private static (string Class, string? Tenant, decimal GpuSeconds, decimal Amount)[] Lines(CostAttribution attribution) =>
        [.. attribution.Lines.Select(l => (l.Class, l.TenantId, l.GpuSeconds, l.Amount))];

    [Fact]
    public void A_GPU_changing_hands_mid_hour_costs_each_tenant_its_seconds_and_the_rest_is_idle_capacity()
    {
        var node = Node("node-1", February, "dc-east", new HeldGpus(H100, 2));
        var usage = NodeHour(
            Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-1799"), Gpu("GPU-b", null, "0-1799")),
            Sealed("node-1", Hour, Gpu("GPU-a", "tenant-b", "1800-3599"), Gpu("GPU-b", null, "1800-2999")));

        var attribution = Attribute([node], [DcEast], usage);

        Assert.Equal(
        [
            (CostClasses.Allocated, "tenant-a", 1800m, Cost(H100PerHour, 1800)),
            (CostClasses.Allocated, "tenant-b", 1800m, Cost(H100PerHour, 1800)),
            (CostClasses.Unallocated, null, 1200m + 1800m, Cost(H100PerHour, 3000)),
            (CostClasses.Unreported, null, 600m, Cost(H100PerHour, 600)),
        ], Lines(attribution));
        Assert.Equal(Cost(H100PerHour, 2 * 3600), attribution.Lines.Sum(l => l.Amount));
        Assert.Equal(new HoldingUse("node-1", H100, null, 2, 2, 7200m, 6600m, 600m, 0m), Assert.Single(attribution.Holdings));
    }

    [Fact]
    public void A_node_registered_mid_period_is_costed_from_then_and_its_earlier_seconds_are_named_as_not_registered()
    {
        var node = Node("node-1", February.AddMinutes(30), "dc-east", new HeldGpus(H100, 1));
        var usage = NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-3599")));

        var attribution = Attribute([node], [DcEast], usage);

        Assert.Equal([(CostClasses.Allocated, "tenant-a", 1800m, Cost(H100PerHour, 1800))], Lines(attribution));
        Assert.Equal(new UncostedUsage("node-1", H100, null, "not-registered", 1800), Assert.Single(attribution.Uncosted));
    }

    [Fact]
    public void A_node_that_reports_and_was_never_registered_is_named_and_costs_nothing()
    {
        var usage = NodeHour(Sealed("stray-node", Hour, Gpu("GPU-z", null, "0-99")));

        var attribution = Attribute([], [DcEast], usage);

        Assert.Empty(attribution.Lines);
        Assert.Equal(new UncostedUsage("stray-node", H100, null, "not-registered", 100), Assert.Single(attribution.Uncosted));
    }

    [Fact]
    public void A_registered_GPU_that_reports_nothing_is_paid_for_as_unreported_idle_capacity()
    {
        var node = Node("node-1", February, "dc-east", new HeldGpus(H100, 1));

        var attribution = Attribute([node], [DcEast]);

        Assert.Equal([(CostClasses.Unreported, null, 3600m, Cost(H100PerHour, 3600))], Lines(attribution));
        Assert.Equal(new HoldingUse("node-1", H100, null, 1, 0, 3600m, 0m, 3600m, 0m), Assert.Single(attribution.Holdings));
    }

    [Fact]
    public void A_cost_card_version_taking_effect_mid_hour_prices_the_seconds_after_it()
    {
        var card = DcEast.WithVersion(February.AddMinutes(15), Prices(new GpuPrice(H100, null, 7.20m)));
        var node = Node("node-1", February, "dc-east", new HeldGpus(H100, 1));
        var usage = NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-3599")));

        var attribution = Attribute([node], [card], usage);

        Assert.Equal([(CostClasses.Allocated, "tenant-a", 3600m, Cost(H100PerHour, 900) + Cost(7.20m, 2700))], Lines(attribution));
    }

    [Fact]
    public void A_node_moving_to_another_supplier_mid_hour_is_costed_by_each_in_its_own_currency()
    {
        var dcWest = Card("dc-west", "EUR", February, Prices(new GpuPrice(H100, null, 2.00m)));
        var node = Node("node-1", February, "dc-east", new HeldGpus(H100, 1)).WithVersion(February.AddMinutes(20), "dc-west", gpus: new HeldGpus(H100, 1));
        var usage = NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-3599")));

        var attribution = Attribute([node], [DcEast, dcWest], usage);

        Assert.Equal(
            [("dc-east", "USD", 1200m, Cost(H100PerHour, 1200)), ("dc-west", "EUR", 2400m, Cost(2.00m, 2400))],
            attribution.Lines.Select(l => (l.SupplierId, l.Currency, l.GpuSeconds, l.Amount)));
        Assert.Equal(
            [("USD", Cost(H100PerHour, 1200)), ("EUR", Cost(2.00m, 2400))],
            CostsEndpoint.Grouped(attribution.Lines, ["class"]).Select(g => (g.Currency, g.Amount)).OrderByDescending(g => g.Currency));
    }

    [Fact]
    public void MIG_slices_of_a_partitioned_GPU_each_cost_their_share_and_the_uncut_share_is_idle()
    {
        // 7.00 an hour over 7 compute slices: each slice-hour costs exactly 1.00.
        const decimal perHour = 7.00m;
        var card = Card("dc-east", "USD", February, Prices(new GpuPrice(H100, null, perHour)));
        var node = Node("node-1", February, "dc-east", new HeldGpus(H100, 1, MigComputeSlices: 7));
        var usage = NodeHour(Sealed("node-1", Hour,
            Gpu("MIG-1", "tenant-a", "0-3599", migProfile: "3g.40gb"),
            Gpu("MIG-2", "tenant-b", "0-3599", migProfile: "2g.20gb"),
            Gpu("MIG-3", null, "0-3599", migProfile: "1g.10gb")));

        var attribution = Attribute([node], [card], usage);

        Assert.Equal(
        [
            (CostClasses.Allocated, "tenant-a", 3600m * 3 / 7, Cost(perHour, 3600m * 3) / 7),
            (CostClasses.Allocated, "tenant-b", 3600m * 2 / 7, Cost(perHour, 3600m * 2) / 7),
            (CostClasses.Unallocated, null, 3600m / 7, Cost(perHour, 3600m) / 7),
            // The seventh slice was never cut, so no slice reported it.
            (CostClasses.Unreported, null, 3600m / 7, Cost(perHour, 3600m) / 7),
        ], Lines(attribution));
        Assert.Equal([3.00m, 2.00m, 1.00m, 1.00m], attribution.Lines.Select(l => Math.Round(l.Amount, 20)));
    }

    [Fact]
    public void Slices_rented_as_such_are_costed_at_their_own_price()
    {
        var card = Card("dc-east", "USD", February, Prices(new GpuPrice(A100, "1g.10gb", 0.50m)));
        var node = Node("node-1", February, "dc-east", new HeldGpus(A100, 2, "1g.10gb"));
        var usage = NodeHour(Sealed("node-1", Hour, Gpu("MIG-1", "tenant-a", "0-3599", model: A100, migProfile: "1g.10gb")));

        var attribution = Attribute([node], [card], usage);

        Assert.Equal(
            [(CostClasses.Allocated, "tenant-a", 3600m, 0.50m), (CostClasses.Unreported, null, 3600m, 0.50m)],
            Lines(attribution));
    }

    [Fact]
    public void Energy_is_priced_per_kWh_to_whoever_held_the_GPU_and_a_months_fixed_charges_fall_in_the_period_of_its_first_second()
    {
        var card = Card("dc-east", "USD", February, new CostCardTerms
        {
            Prices = [new GpuPrice(H100, null, H100PerHour)],
            EnergyPricePerKWh = 0.30m,
            FixedCharges = [new FixedCharge("Reserved rack", 1000m)],
        });
        var node = Node("node-1", February, "dc-east", new HeldGpus(H100, 1));
        var usage = NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-3599", joules: 1_800_000m)));

        var month = CostAttributions.Attribute(February, March, [node], [card], [usage]);
        var laterHalf = CostAttributions.Attribute(February.AddDays(14), March, [node], [card], [usage]);

        Assert.Equal(0.30m * 1_800_000m / 3_600_000m, Assert.Single(month.Lines, l => l.Class == CostClasses.Energy && l.TenantId == "tenant-a").Amount);
        Assert.Equal(("Reserved rack", 1000m), Assert.Single(month.Lines, l => l.Class == CostClasses.Fixed) is var f ? (f.Description, f.Amount) : default);
        Assert.DoesNotContain(laterHalf.Lines, l => l.Class is CostClasses.Fixed or CostClasses.Energy);
        // February 2026 has 28 days: the one GPU is paid for every second of it.
        Assert.Equal(Cost(H100PerHour, 28 * 24 * 3600), month.Lines.Where(l => l.Class is CostClasses.Allocated or CostClasses.Unreported).Sum(l => l.Amount));
    }

    [Fact]
    public void More_GPUs_reported_than_registered_are_still_costed_to_their_tenants_and_counted_beyond_the_inventory()
    {
        var node = Node("node-1", February, "dc-east", new HeldGpus(H100, 1));
        var usage = NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-3599"), Gpu("GPU-b", "tenant-b", "0-599")));

        var attribution = Attribute([node], [DcEast], usage);

        Assert.Equal(
            [(CostClasses.Allocated, "tenant-a", 3600m, Cost(H100PerHour, 3600)), (CostClasses.Allocated, "tenant-b", 600m, Cost(H100PerHour, 600))],
            Lines(attribution));
        Assert.Equal(600m, Assert.Single(attribution.Holdings).BeyondRegisteredGpuSeconds);
    }

    [Fact]
    public void Holdings_without_a_card_or_a_price_are_named_and_not_costed()
    {
        var node = Node("node-1", February, "dc-east", new HeldGpus(H100, 1), new HeldGpus(A100, 1));
        var usage = NodeHour(Sealed("node-1", Hour, Gpu("GPU-a", "tenant-a", "0-3599")));

        var withCard = Attribute([node], [DcEast], usage);
        var withoutCard = Attribute([node], [], usage);

        Assert.Equal((A100, 3600m), Assert.Single(withCard.Unpriced) is var u ? (u.Model, u.GpuSeconds) : default);
        Assert.Empty(withoutCard.Lines);
        Assert.Equal(2, withoutCard.Unpriced.Count);
    }
}
