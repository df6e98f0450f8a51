using Fleet.CostCards;
using Fleet.Costs;
using Fleet.Inventory;

namespace Fleet.Usage;

/// <summary>
/// Which node-days a report may read in place of their node-hours, with the same figures to the last
/// digit. A day stands for its hours when nothing a report decides by changes within it:
/// <list type="bullet">
/// <item>it lies wholly inside what is read, and no boundary of the report (its period, a billing
/// period it spreads) falls inside it, so every entry of it is on one side of each;</item>
/// <item>the node is held the whole day under one inventory version, and its supplier's card has one
/// version (or none) all day, so every second of it has the same holdings and prices;</item>
/// <item>every model and profile it reported is held by that version, and at no second can what it
/// reported exceed what is held (the day's peak entries × their units within each holding's units),
/// so idle capacity is what is held less what was reported, which adds up over the day.</item>
/// </list>
/// Any other day is read hour by hour, as before.
/// </summary>
public static class NodeDays
{
    public static (IReadOnlyList<DayOutline> Standing, IReadOnlyList<string> HoursToRead) Split(
        IEnumerable<DayOutline> days, IEnumerable<FleetNode> nodes, IEnumerable<CostCard> cards,
        DateTimeOffset from, DateTimeOffset to, IEnumerable<DateTimeOffset> boundaries)
    {
        var nodeById = nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        var cardBySupplier = cards.ToDictionary(c => c.SupplierId, StringComparer.Ordinal);
        var cuts = boundaries.ToList();
        var firstHour = new DateTimeOffset(from.Year, from.Month, from.Day, from.Hour, 0, 0, TimeSpan.Zero).ToUniversalTime();
        List<DayOutline> standing = [];
        List<string> hours = [];
        foreach (var day in days)
        {
            if (Stands(day, nodeById.GetValueOrDefault(day.NodeId), cardBySupplier, from, to, cuts))
            {
                standing.Add(day);
                continue;
            }
            for (var h = 0; h < 24; h++)
            {
                var hour = day.Day.AddHours(h);
                if ((day.HoursKept & (1 << h)) != 0 && hour >= firstHour && hour < to) hours.Add(NodeHourKey(day.NodeId, hour));
            }
        }
        return (standing, hours);
    }

    /// <summary>
    /// The standing days in groups a report decides alike, so each group can be summed as one: a
    /// node's days under the same inventory version and card version, between the same two of
    /// <paramref name="boundaries"/> (none lies inside a standing day, so every day of a group is on
    /// the same side of each).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<DayOutline>> Spans(
        IEnumerable<DayOutline> standing, IEnumerable<FleetNode> nodes, IEnumerable<CostCard> cards, IEnumerable<DateTimeOffset> boundaries)
    {
        var nodeById = nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        var cardBySupplier = cards.ToDictionary(c => c.SupplierId, StringComparer.Ordinal);
        var cuts = boundaries.Distinct().ToList();
        return
        [
            .. standing.GroupBy(day =>
            {
                var version = nodeById[day.NodeId].HeldAt(day.Day)!;
                return (day.NodeId, version.Number, cardBySupplier.GetValueOrDefault(version.SupplierId)?.VersionAt(day.Day)?.Number,
                    cuts.Count(b => b <= day.Day));
            }).Select(g => (IReadOnlyList<DayOutline>)[.. g.OrderBy(d => d.Day)]),
        ];
    }

    /// <summary>How many node-hours of [<paramref name="firstHour"/>, <paramref name="to"/>) the days say are kept: all of them, unless node-hours were kept before the days were.</summary>
    public static long HoursKeptWithin(IEnumerable<DayOutline> days, DateTimeOffset firstHour, DateTimeOffset to) =>
        days.Sum(d => Enumerable.Range(0, 24).Count(h => (d.HoursKept & (1 << h)) != 0 && d.Day.AddHours(h) >= firstHour && d.Day.AddHours(h) < to));

    /// <summary>The ledger's node-hour stream key, which a node-hour document is kept under.</summary>
    public static string NodeHourKey(string nodeId, DateTimeOffset hour) => $"{nodeId}@{hour.UtcDateTime:yyyy-MM-ddTHH}Z";

    private static bool Stands(
        DayOutline day, FleetNode? node, IReadOnlyDictionary<string, CostCard> cards, DateTimeOffset from, DateTimeOffset to, List<DateTimeOffset> boundaries)
    {
        if (day.Day < from || day.End > to || boundaries.Any(b => b > day.Day && b < day.End)) return false;
        if (node?.HeldAt(day.Day) is not { } version || node.ChangesWithin(day.Day, day.End).Any()) return false;
        if (cards.GetValueOrDefault(version.SupplierId) is { } card && card.ChangesWithin(day.Day, day.End).Any()) return false;
        var reported = new Dictionary<CostKey, long>();
        foreach (var peak in day.Peaks)
        {
            if (CostAttributions.CostedAs(version, peak.Model, peak.MigProfile) is not { } costed) return false;
            reported[costed.Key] = reported.GetValueOrDefault(costed.Key) + (long)peak.Entries * costed.Units;
        }
        return reported.All(r => version.Holding(r.Key) is { } holding && r.Value <= (long)holding.Count * holding.UnitsPerGpu);
    }
}
