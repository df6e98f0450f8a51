namespace Fleet.Efficiency;

/// <summary>What a group is of: the dimensions asked for, the others null.</summary>
public sealed record EfficiencyKey(string? TenantId, string? Model, string? MigProfile, string? NodeId, string? GpuUuid, string? Site, string? SupplierId)
{
    /// <summary>
    /// The group's place in a report's order as one text, a missing field empty and a present one
    /// marked, joined by a separator below every character an id holds: ordinal order of the texts is
    /// the groups' order, and a page's cursor.
    /// </summary>
    public string SortKey() => string.Join('\u0001', new[] { TenantId, Model, MigProfile, NodeId, GpuUuid, Site, SupplierId }
        .Select(part => part is null ? "" : "\u0002" + part));
}

/// <summary>A group's figures and its wasted time at each price (money is made from it once, at the end).</summary>
public sealed record EfficiencyGroup(EfficiencyKey Key, EfficiencyFigures Figures, IReadOnlyList<WastedTime> Wasted, long UnpricedWasted);

public static class EfficiencyGroups
{
    /// <summary>"gpu" is one GPU or slice of one node (with its model); "node" a node whatever its site or supplier then.</summary>
    public static readonly IReadOnlyList<string> Dimensions = ["tenant", "model", "node", "gpu", "site", "supplier"];

    /// <summary>What top lists rank.</summary>
    public static readonly IReadOnlyList<string> Rankable = ["gpu", "node"];

    public static IReadOnlyList<EfficiencyGroup> Grouped(IEnumerable<GpuEfficiency> rows, IReadOnlyCollection<string> by) =>
    [
        .. rows.GroupBy(r => KeyOf(r, by))
            .Select(g => new EfficiencyGroup(g.Key, g.Aggregate(EfficiencyFigures.None, (sum, r) => sum.Plus(r.Figures)),
                [.. g.SelectMany(r => r.Wasted)], g.Sum(r => r.UnpricedWasted)))
            .OrderBy(g => g.Key.SortKey(), StringComparer.Ordinal),
    ];

    /// <summary>
    /// The <paramref name="count"/> GPUs or nodes that wasted the most GPU-seconds (held and idle, or
    /// not held), most first; ties in the report's order, so the list is the same on every read.
    /// </summary>
    public static IReadOnlyList<EfficiencyGroup> TopWasters(IEnumerable<GpuEfficiency> rows, string by, int count) =>
    [
        .. Grouped(rows, [by]).Where(g => g.Figures.Wasted > 0)
            .OrderByDescending(g => g.Figures.Wasted).ThenBy(g => g.Key.SortKey(), StringComparer.Ordinal).Take(count),
    ];

    private static EfficiencyKey KeyOf(GpuEfficiency r, IReadOnlyCollection<string> by)
    {
        var gpu = by.Contains("gpu");
        return new EfficiencyKey(
            by.Contains("tenant") ? r.TenantId : null,
            gpu || by.Contains("model") ? r.Model : null,
            gpu || by.Contains("model") ? r.MigProfile : null,
            gpu || by.Contains("node") ? r.NodeId : null,
            gpu ? r.GpuUuid : null,
            by.Contains("site") ? r.Site : null,
            by.Contains("supplier") ? r.SupplierId : null);
    }
}
