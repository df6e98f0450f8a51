using Fleet.CostCards;
using Fleet.Inventory;
using Fleet.Usage;
using Metering.Contracts;

namespace Fleet.Efficiency;

/// <summary>
/// What one GPU (or slice) did for one tenant (null: nobody) over a period, with where it stood in
/// the inventory then, its wasted seconds at each supplier price they were held at, and the wasted
/// seconds that no card prices (<see cref="UnpricedWasted"/>).
/// </summary>
public sealed record GpuEfficiency(
    string NodeId, string GpuUuid, string Model, string? MigProfile, string? TenantId, string? Site, string? SupplierId,
    EfficiencyFigures Figures, IReadOnlyList<WastedTime> Wasted, long UnpricedWasted);

/// <summary>
/// Wasted time at one price: <see cref="UnitSeconds"/> in units of a GPU (<see cref="UnitsPerGpu"/>
/// for a slice of a partitioned GPU, else 1), so money is made once, by <see cref="WastedTime.CostOf"/>.
/// </summary>
public sealed record WastedTime(string Currency, decimal PricePerGpuHour, int UnitsPerGpu, long UnitSeconds)
{
    /// <summary>The cost per currency, exact: each price's unit-seconds summed, then divided once.</summary>
    public static IReadOnlyList<(string Currency, decimal Amount)> CostOf(IEnumerable<WastedTime> wasted) =>
    [
        .. wasted.GroupBy(w => w.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.GroupBy(w => (w.PricePerGpuHour, w.UnitsPerGpu))
                .Sum(p => p.Key.PricePerGpuHour * p.Sum(w => w.UnitSeconds) / (3600m * p.Key.UnitsPerGpu)))),
    ];
}

public static class GpuEfficiencies
{
    /// <summary>
    /// Every ledger entry of the node-hours whose first second lies in [<paramref name="from"/>,
    /// <paramref name="to"/>) (an entry's sums are over its window and cannot be split at a second, as
    /// with energy in costs), classed at the level <paramref name="idleBelowPercentOf"/> gives its
    /// tenant, and summed per GPU, tenant and inventory place.
    /// A node-day of <paramref name="days"/> (which stands for its node-hours, <see cref="NodeDays.Split"/>)
    /// adds one row per GPU and holder, its entries already classed at the same levels (<see cref="StandingGpuUsage.IdleSeconds"/>).
    /// </summary>
    public static IReadOnlyList<GpuEfficiency> Measure(
        DateTimeOffset from, DateTimeOffset to, IEnumerable<FleetNode> nodes, IEnumerable<CostCard> cards, IEnumerable<NodeHourUsage> usage,
        Func<string?, decimal> idleBelowPercentOf, IEnumerable<StandingDays>? days = null)
    {
        var nodeById = nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        var cardBySupplier = cards.ToDictionary(c => c.SupplierId, StringComparer.Ordinal);
        var rows = new Dictionary<(string, string, string, string?, string?, string?, string?), GpuEfficiency>();
        foreach (var hour in usage)
            foreach (var gpu in hour.Windows.SelectMany(w => w.Gpus))
            {
                var firstSecond = hour.Hour.ToUniversalTime().AddSeconds(Runs.ParseRanges(gpu.Seconds).First().First);
                if (firstSecond < from || firstSecond >= to) continue;
                var figures = EfficiencyFigures.Of(gpu, idleBelowPercentOf(gpu.TenantId));
                var version = nodeById.GetValueOrDefault(hour.NodeId)?.HeldAt(firstSecond);
                var key = (hour.NodeId, gpu.GpuUuid, gpu.Model, gpu.MigProfile, gpu.TenantId, version?.Site, version?.SupplierId);
                List<WastedTime> wasted = [];
                long unpriced = 0;
                if (figures.Wasted > 0)
                {
                    if (PriceOf(version, cardBySupplier, gpu.Model, gpu.MigProfile, firstSecond) is { } price)
                        wasted.Add(new WastedTime(price.Currency, price.PerHour, price.UnitsPerGpu, price.Units * figures.Wasted));
                    else unpriced = figures.Wasted;
                }
                rows[key] = rows.TryGetValue(key, out var known)
                    ? known with { Figures = known.Figures.Plus(figures), Wasted = [.. known.Wasted, .. wasted], UnpricedWasted = known.UnpricedWasted + unpriced }
                    : new GpuEfficiency(key.NodeId, key.GpuUuid, key.Model, key.MigProfile, key.TenantId, key.Site, key.SupplierId, figures, wasted, unpriced);
            }
        // A GPU's rows from days and from hours are summed by every grouping, as rows of one GPU under two sites are.
        return [.. rows.Values, .. (days ?? []).SelectMany(day => MeasureDay(day, nodeById[day.NodeId].HeldAt(day.First)!, cardBySupplier))];
    }

    private static IEnumerable<GpuEfficiency> MeasureDay(
        StandingDays day, NodeVersion version, IReadOnlyDictionary<string, CostCard> cards)
    {
        foreach (var gpu in day.Gpus)
        {
            var figures = EfficiencyFigures.OfDay(gpu);
            List<WastedTime> wasted = [];
            long unpriced = 0;
            if (figures.Wasted > 0)
            {
                if (PriceOf(version, cards, gpu.Model, gpu.MigProfile, day.First) is { } price)
                    wasted.Add(new WastedTime(price.Currency, price.PerHour, price.UnitsPerGpu, price.Units * figures.Wasted));
                else unpriced = figures.Wasted;
            }
            yield return new GpuEfficiency(day.NodeId, gpu.GpuUuid, gpu.Model, gpu.MigProfile, gpu.TenantId, version.Site, version.SupplierId, figures, wasted, unpriced);
        }
    }

    /// <summary>
    /// The supplier's price of one second of this GPU at <paramref name="at"/>, by the node's version
    /// and its card's version then (a ledger window is priced whole at its first second): its own
    /// holding's price, or a slice's share of a partitioned whole GPU (as in cost attribution).
    /// </summary>
    private static (string Currency, decimal PerHour, int Units, int UnitsPerGpu)? PriceOf(
        NodeVersion? version, IReadOnlyDictionary<string, CostCard> cards, string model, string? migProfile, DateTimeOffset at)
    {
        if (version is null || !cards.TryGetValue(version.SupplierId, out var card) || card.VersionAt(at) is not { } terms) return null;
        var own = new CostKey(model, migProfile);
        if (version.Holding(own) is not null && terms.Terms.PriceOf(own) is { } price)
            return (card.Currency.Code, price.PricePerGpuHour, 1, 1);
        if (migProfile is { } profile && version.Holding(new CostKey(model, null)) is { MigComputeSlices: { } perGpu } whole
            && MigShares.ComputeSlicesOf(profile) is { } slices && slices <= perGpu && terms.Terms.PriceOf(whole.Key) is { } wholePrice)
            return (card.Currency.Code, wholePrice.PricePerGpuHour, slices, perGpu);
        return null;
    }
}
