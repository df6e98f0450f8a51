using Fleet.CostCards;
using Fleet.Costs;
using Fleet.Efficiency;
using Fleet.Inventory;
using Fleet.Revenue;
using Fleet.Tests.Efficiency;
using Fleet.Tests.Margin;
using Fleet.Usage;
using Metering.Contracts;
using static Fleet.Tests.Given;

namespace Fleet.Tests.Usage;

/// <summary>
/// Node-days stand for their node-hours only where that changes no figure: every report read from
/// the days that stand and the hours of the rest must equal, to the last digit, the same report read
/// from every node-hour. The fleet below has what a day cannot stand across: a node's version
/// changing mid-day, a card version taking effect mid-day, more GPUs reported than registered, a
/// node not registered, and a report and a billing period cutting days; and what a day must sum
/// right: GPUs changing hands mid-hour, unallocated and unknown time, MIG slices of a partitioned
/// GPU, energy, and utilization deciding idleness at more than one level.
/// </summary>
public class NodeDaysTests
{
    private static readonly DateTimeOffset Start = February;
    private const int Days = 4;

    private static readonly FleetNode[] Nodes =
    [
        Node("node-a", Start.AddDays(-1), "s1", new HeldGpus(H100, 2), new HeldGpus(A100, 1, MigComputeSlices: 7)),
        Node("node-b", Start.AddDays(-1), "s1", new HeldGpus(H100, 2)).WithVersion(Start.AddDays(1).AddHours(12), "s2", null, new HeldGpus(H100, 2)),
        Node("node-c", Start.AddDays(-1), "s2", new HeldGpus(H100, 1)),
    ];

    private static readonly CostCard[] Cards =
    [
        Card("s1", "USD", Start.AddDays(-1), Prices(new GpuPrice(H100, null, 2.50m), new GpuPrice(A100, null, 1.70m)) with { EnergyPricePerKWh = 0.21m })
            .WithVersion(Start.AddDays(2).AddHours(6), Prices(new GpuPrice(H100, null, 2.20m), new GpuPrice(A100, null, 1.90m)) with { EnergyPricePerKWh = 0.17m }),
        Card("s2", "EUR", Start.AddDays(-1), Prices(new GpuPrice(H100, null, 2.10m)) with { FixedCharges = [new FixedCharge("rack", 400m)] }),
    ];

    /// <summary>Every node-hour of the four days, as the consumer keeps them.</summary>
    private static readonly NodeHourUsage[] Hours = [.. Enumerable.Range(0, Days * 24).SelectMany(HoursOf)];

    private static IEnumerable<NodeHourUsage> HoursOf(int h)
    {
        var hour = Start.AddHours(h);
        var tenant = $"tenant-{h / 7 % 3}";
        var other = $"tenant-{(h / 7 + 1) % 3}";
        decimal Percent(int gpu) => (h * 17 + gpu * 29) % 40 + 0.5m;
        yield return NodeHour(
            Sealed("node-a", hour,
                Gpu("a-0", tenant, "0-1799", joules: 1_000m).At(Percent(0)), Gpu("a-0", other, "1800-3599", joules: 700m).At(Percent(1)),
                Gpu("a-1", h % 5 == 0 ? null : tenant, "0-3599", joules: 333m).At(Percent(2)),
                Gpu("a-mig-0", tenant, "0-3599", A100, "3g.40gb"), Gpu("a-mig-1", h % 4 == 0 ? null : other, "0-2399", A100, "2g.20gb")),
            Sealed("node-a", hour, Gpu("a-mig-1", tenant, "2400-3599", A100, "2g.20gb").At(Percent(3))));
        if (h % 9 != 4) // A silent hour now and then: unreported time.
            yield return NodeHour(Sealed("node-b", hour, Gpu("b-0", tenant, "0-3599", joules: 500m).At(Percent(4)), Gpu("b-1", null, "0-3599")));
        // On the third day node-c reports two GPUs where one is registered: the inventory is behind.
        yield return NodeHour(Sealed("node-c", hour,
            [Gpu("c-0", other, "0-3599").At(Percent(5)), .. h / 24 == 2 && h % 24 == 10 ? [Gpu("c-1", tenant, "100-199").At(1m)] : Array.Empty<SealedGpuUsage>()]));
        if (h % 24 == 3) yield return NodeHour(Sealed("node-x", hour, Gpu("x-0", tenant, "0-599").At(50m)));
    }

    private static IReadOnlyList<NodeDayUsage> DaysOf(IEnumerable<NodeHourUsage> hours) =>
    [
        .. hours.GroupBy(h => (h.NodeId, NodeDayUsage.DayOf(h.Hour)))
            .Select(g => g.OrderBy(h => h.Hour).Aggregate((NodeDayUsage?)null, (day, hour) => NodeDayUsage.Evolve(day, hour, hour.Windows))!),
    ];

    /// <summary>The hours to read, and the days that stand as a report reads them, summed span by span, their held entries classed at <paramref name="idleBelowPercent"/>.</summary>
    private static (IReadOnlyList<NodeHourUsage> Hours, IReadOnlyList<StandingDays> Days) Read(
        DateTimeOffset from, DateTimeOffset to, decimal idleBelowPercent, params DateTimeOffset[] boundaries)
    {
        var firstHour = new DateTimeOffset(from.Year, from.Month, from.Day, from.Hour, 0, 0, TimeSpan.Zero);
        var days = DaysOf(Hours).Where(d => d.End > from && d.Day < to).ToList();
        var (standing, hourIds) = NodeDays.Split(days.Select(d => d.Outline), Nodes, Cards, from, to, [from, to, .. boundaries]);
        Assert.Equal(Hours.Count(h => h.Hour >= firstHour && h.Hour < to), standing.Sum(d => int.PopCount(d.HoursKept)) + hourIds.Count);
        var spans = NodeDays.Spans(standing, Nodes, Cards, [from, to, .. boundaries]);
        Assert.Equal(standing.Count, spans.Sum(s => s.Count));
        return ([.. Hours.Where(h => hourIds.Contains(h.Id))],
            [.. spans.Select(s => StandingDays.Of([.. s.Select(o => days.Single(d => d.Id == o.Id))], _ => idleBelowPercent))]);
    }

    public static TheoryData<DateTimeOffset, DateTimeOffset> Periods => new()
    {
        { Start, Start.AddDays(Days) },
        { Start.AddHours(6), Start.AddDays(3).AddHours(18) },
        { Start.AddDays(1), Start.AddDays(2) },
    };

    [Fact]
    public void Days_stand_only_where_nothing_changes_within_them()
    {
        var standing = NodeDays.Split(DaysOf(Hours).Select(d => d.Outline), Nodes, Cards, Start, Start.AddDays(Days), [Start, Start.AddDays(Days)]).Standing;

        Assert.Equal(
            ["node-a@2026-02-01", "node-a@2026-02-02", "node-a@2026-02-04", "node-b@2026-02-01", "node-b@2026-02-03", "node-b@2026-02-04",
             "node-c@2026-02-01", "node-c@2026-02-02", "node-c@2026-02-04"],
            standing.Select(d => d.Id).Order(StringComparer.Ordinal));
        // Summed alike: a node's days under one version of it and of its card, though not consecutive (node-c's third day reads hour by hour).
        Assert.Equal(
            ["node-a@2026-02-01,node-a@2026-02-02", "node-a@2026-02-04", "node-b@2026-02-01", "node-b@2026-02-03,node-b@2026-02-04", "node-c@2026-02-01,node-c@2026-02-02,node-c@2026-02-04"],
            NodeDays.Spans(standing, Nodes, Cards, [Start, Start.AddDays(Days)]).Select(s => string.Join(",", s.Select(d => d.Id))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_day_reads_back_as_it_was_written()
    {
        var day = DaysOf(Hours).First(d => d.NodeId == "node-a");

        var read = System.Text.Json.JsonSerializer.Deserialize<NodeDayUsage>(System.Text.Json.JsonSerializer.Serialize(day))!;

        Assert.Equal(day.Gpus.SelectMany(g => g.Readings), read.Gpus.SelectMany(g => g.Readings));
        Assert.Contains(read.Gpus, g => g.Readings.Count > 1);
    }

    [Theory]
    [MemberData(nameof(Periods))]
    public void Costs_from_days_are_the_costs_from_hours(DateTimeOffset from, DateTimeOffset to)
    {
        var (hours, days) = Read(from, to, 0m);

        var fromHours = CostAttributions.Attribute(from, to, Nodes, Cards, Hours);
        var fromDays = CostAttributions.Attribute(from, to, Nodes, Cards, hours, days);

        Assert.Equal(fromHours.Lines, fromDays.Lines);
        Assert.Equal(fromHours.Uncosted, fromDays.Uncosted);
        Assert.Equal(fromHours.Unpriced, fromDays.Unpriced);
        // A slice's share of a held GPU-second is a repeating fraction (a 7th), summed hour by hour or once a day: alike to far below a display's precision.
        Assert.Equal(Rounded(fromHours.Holdings), Rounded(fromDays.Holdings));
        Assert.Contains(fromHours.Lines, l => l.Class == CostClasses.Unreported);
    }

    [Theory]
    [MemberData(nameof(Periods))]
    public void Efficiency_from_days_is_decided_at_the_level_in_force_as_from_hours(DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var level in new[] { 5m, 17.5m, 30m })
        {
            var (hours, days) = Read(from, to, level);
            var fromHours = GpuEfficiencies.Measure(from, to, Nodes, Cards, Hours.Where(h => h.Hour.AddHours(1) > from && h.Hour < to), _ => level);
            var fromDays = GpuEfficiencies.Measure(from, to, Nodes, Cards, hours, _ => level, days);

            foreach (var by in new[] { new[] { "gpu", "tenant", "site", "supplier" }, ["node"], [] })
                Assert.Equal(Figures(EfficiencyGroups.Grouped(fromHours, by)), Figures(EfficiencyGroups.Grouped(fromDays, by)));
            Assert.Contains(fromHours, r => r.Figures.AllocatedIdle > 0);
            Assert.Contains(fromHours, r => r.Figures.AllocatedIdle < r.Figures.Allocated - r.Figures.Unknown);
        }
    }

    [Theory]
    [MemberData(nameof(Periods))]
    public void Revenue_spread_over_days_is_the_spread_over_hours(DateTimeOffset from, DateTimeOffset to)
    {
        // One tenant's period starts at UTC midnight, another's at a local midnight five hours later.
        RatedPeriod[] periods =
        [
            GivenRevenue.Rated("tenant-0", Start, March, "USD", GivenRevenue.GpuTime(H100, 100.01m), GivenRevenue.Energy(H100, 7.77m), GivenRevenue.GpuTime(A100, 33.3m, "3g.40gb")),
            GivenRevenue.Rated("tenant-1", Start.AddHours(5), March.AddHours(5), "USD", GivenRevenue.GpuTime(H100, 250m), GivenRevenue.GpuTime(A100, 9.99m, "2g.20gb")),
        ];
        var (hours, days) = Read(Start, Start.AddDays(Days), 0m, [from, to, .. periods.SelectMany(p => new[] { p.PeriodStart, p.PeriodEnd })]);

        var fromHours = RevenueSpread.Spread(from, to, periods, [], Nodes, Hours);
        var fromDays = RevenueSpread.Spread(from, to, periods, [], Nodes, hours, days);

        Assert.Equal(fromHours, fromDays);
        Assert.True(fromHours.Count(l => l.NodeId is not null) > 4);
    }

    private static IEnumerable<HoldingUse> Rounded(IEnumerable<HoldingUse> holdings) => holdings.Select(h => h with
    {
        HeldGpuSeconds = Math.Round(h.HeldGpuSeconds, 20), ReportedGpuSeconds = Math.Round(h.ReportedGpuSeconds, 20),
        UnreportedGpuSeconds = Math.Round(h.UnreportedGpuSeconds, 20), BeyondRegisteredGpuSeconds = Math.Round(h.BeyondRegisteredGpuSeconds, 20),
    });

    private static IEnumerable<object> Figures(IEnumerable<EfficiencyGroup> groups) =>
        groups.Select(g => (object)new { g.Key, g.Figures, Cost = string.Join(";", WastedTime.CostOf(g.Wasted)), g.UnpricedWasted });
}
