using System.Globalization;
using System.Text.Json;

namespace Metering.Benchmarks;

/// <summary>
/// What every report of <see cref="FleetMonth"/> must answer, computed from the rules the month was
/// written from and never from the fleet's code: per entry its efficiency class at the default level,
/// its cost at its supplier's price, and its tenant's charge at the tenant's rate (each charge spread
/// pro rata by seconds is exactly the rate × seconds, since every rate is per second); then summed
/// by whatever dimensions a report groups by. A report's group is compared field by field, exactly.
/// </summary>
public sealed class FleetExpectations
{
    /// <summary>One GPU's figures for one tenant (null: nobody) over the month.</summary>
    private sealed record GpuFacts(int Node, int Gpu, int? Tenant)
    {
        public long Present, Allocated, Unallocated, Idle, Unknown, Measured, Wasted;
        public decimal Busy, Joules, WastedCost;
    }

    private readonly List<GpuFacts> _gpus;

    public FleetExpectations()
    {
        var byKey = new Dictionary<(int, int, int?), GpuFacts>();
        foreach (var e in FleetMonth.AllEntries())
        {
            if (!byKey.TryGetValue((e.Node, e.Gpu, e.Tenant), out var f)) byKey[(e.Node, e.Gpu, e.Tenant)] = f = new GpuFacts(e.Node, e.Gpu, e.Tenant);
            f.Present += e.Seconds;
            if (e.Allocated) f.Allocated += e.Seconds;
            else f.Unallocated += e.Seconds;
            if (e.Idle) f.Idle += e.Seconds;
            if (e.Unknown) f.Unknown += e.Seconds;
            f.Measured += e.Samples;
            f.Busy += e.UtilizationSum / 100m;
            f.Wasted += e.Wasted;
            f.WastedCost += e.Wasted * FleetMonth.PricePerGpuSecond(e.Node);
            f.Joules += e.Joules;
        }
        _gpus = [.. byKey.Values];
    }

    public long LedgerGpuSeconds => _gpus.Sum(g => g.Present);

    /// <summary>Expected efficiency groups by the report's key text (see <see cref="EfficiencyKeyOf(JsonElement, bool)"/>).</summary>
    public IReadOnlyDictionary<string, EfficiencyExpected> Efficiency(IReadOnlyCollection<string> by, int? tenant = null, bool forOperator = true) =>
        _gpus.Where(g => tenant is null || g.Tenant == tenant)
            .GroupBy(g => EfficiencyKey(by, g, forOperator))
            .ToDictionary(g => g.Key, g => new EfficiencyExpected(
                g.Sum(f => f.Present), g.Sum(f => f.Allocated), g.Sum(f => f.Unallocated), g.Sum(f => f.Idle), g.Sum(f => f.Unknown),
                g.Sum(f => f.Busy), g.Sum(f => f.Measured), g.Sum(f => f.Wasted), forOperator ? g.Sum(f => f.WastedCost) : null), StringComparer.Ordinal);

    /// <summary>The top wasters by GPU or node: most wasted first, ties in the report's order (model, node, GPU).</summary>
    public IReadOnlyList<(string Key, long Wasted)> TopWasters(string by, int count) =>
    [
        .. _gpus.GroupBy(g => by == "gpu" ? (FleetMonth.Models[FleetMonth.ModelOf(g.Node)], FleetMonth.NodeId(g.Node), FleetMonth.GpuUuid(g.Node, g.Gpu)) : ("", FleetMonth.NodeId(g.Node), ""))
            .Select(g => (Key: g.Key, Wasted: g.Sum(f => f.Wasted))).Where(g => g.Wasted > 0)
            .OrderByDescending(g => g.Wasted).ThenBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Item3, StringComparer.Ordinal).Take(count)
            .Select(g => (by == "gpu" ? g.Key.Item3 : g.Key.Item2, g.Wasted)),
    ];

    /// <summary>Expected margin groups by the report's key text: revenue, cost and idle capacity's cost (the currency is one, so the margin is their difference).</summary>
    public IReadOnlyDictionary<string, MarginExpected> Margin(IReadOnlyCollection<string> by)
    {
        var facts = new List<(string Key, decimal Revenue, decimal Cost, decimal Idle)>();
        foreach (var g in _gpus)
        {
            var supplier = FleetMonth.SupplierOf(g.Node);
            var price = FleetMonth.PricePerGpuSecond(g.Node);
            var energy = FleetMonth.EnergyPriceOf(supplier) is { } perKWh ? g.Joules * perKWh / 3_600_000m : 0m;
            var revenue = g.Allocated * FleetMonth.RatePerGpuSecond[FleetMonth.ModelOf(g.Node)];
            var idle = g.Unallocated * price;
            facts.Add((MarginKey(by, g.Node, g.Tenant), revenue, g.Allocated * price + idle + energy, idle));
        }
        // The fixed monthly charge falls on no node, model or tenant.
        foreach (var supplier in Enumerable.Range(0, FleetMonth.Suppliers.Length).Where(FleetMonth.ChargesFixed))
            facts.Add((MarginKey(by, null, null, supplier), 0m, FleetMonth.FixedChargePerMonth, 0m));
        return facts.GroupBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new MarginExpected(g.Sum(f => f.Revenue), g.Sum(f => f.Cost), g.Sum(f => f.Idle)), StringComparer.Ordinal);
    }

    private static string EfficiencyKey(IReadOnlyCollection<string> by, GpuFacts g, bool forOperator)
    {
        var gpu = by.Contains("gpu");
        return Key(
            by.Contains("tenant") && g.Tenant is { } t ? FleetMonth.TenantId(t) : null,
            gpu || by.Contains("model") ? FleetMonth.Models[FleetMonth.ModelOf(g.Node)] : null,
            gpu || by.Contains("node") ? FleetMonth.NodeId(g.Node) : null,
            gpu ? FleetMonth.GpuUuid(g.Node, g.Gpu) : null,
            forOperator && by.Contains("site") ? FleetMonth.SiteOf(g.Node) : null,
            forOperator && by.Contains("supplier") ? FleetMonth.Suppliers[FleetMonth.SupplierOf(g.Node)] : null);
    }

    private static string MarginKey(IReadOnlyCollection<string> by, int? node, int? tenant, int? supplierOfNoNode = null) => Key(
        by.Contains("supplier") ? FleetMonth.Suppliers[node is { } n ? FleetMonth.SupplierOf(n) : supplierOfNoNode!.Value] : null,
        by.Contains("node") && node is { } n1 ? FleetMonth.NodeId(n1) : null,
        by.Contains("site") && node is { } n2 ? FleetMonth.SiteOf(n2) : null,
        by.Contains("model") && node is { } n3 ? FleetMonth.Models[FleetMonth.ModelOf(n3)] : null,
        by.Contains("tenant") && tenant is { } t ? FleetMonth.TenantId(t) : null);

    public static string EfficiencyKeyOf(JsonElement row, bool forOperator) => Key(
        Text(row, "tenantId"), Text(row, "model"), Text(row, "nodeId"), Text(row, "gpuUuid"),
        forOperator ? Text(row, "site") : null, forOperator ? Text(row, "supplierId") : null);

    public static string MarginKeyOf(JsonElement row) =>
        Key(Text(row, "supplierId"), Text(row, "nodeId"), Text(row, "site"), Text(row, "model"), Text(row, "tenantId"));

    private static string Key(params string?[] parts) => string.Join('|', parts.Select(p => p ?? "-"));

    public static string? Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The API writes decimals as JSON strings (exact); counts as numbers.</summary>
    public static decimal Number(JsonElement row, string name)
    {
        var value = row.GetProperty(name);
        return value.ValueKind == JsonValueKind.String
            ? decimal.Parse(value.GetString()!, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture)
            : value.GetDecimal();
    }
}

public sealed record EfficiencyExpected(
    long Present, long Allocated, long Unallocated, long AllocatedIdle, long Unknown, decimal Busy, long Measured, long Wasted, decimal? WastedCost)
{
    /// <summary>What differs between this and a report's row, or null where every figure is equal.</summary>
    public string? DifferenceFrom(JsonElement row)
    {
        var wastedCost = row.TryGetProperty("wastedCost", out var costs) && costs.ValueKind == JsonValueKind.Array
            ? costs.EnumerateArray().Where(c => FleetExpectations.Text(c, "currency") == FleetMonth.Currency).Sum(c => FleetExpectations.Number(c, "amount"))
            : (decimal?)null;
        var actual = new EfficiencyExpected(
            (long)FleetExpectations.Number(row, "presentGpuSeconds"), (long)FleetExpectations.Number(row, "allocatedGpuSeconds"),
            (long)FleetExpectations.Number(row, "unallocatedGpuSeconds"), (long)FleetExpectations.Number(row, "allocatedIdleGpuSeconds"),
            (long)FleetExpectations.Number(row, "unknownGpuSeconds"), FleetExpectations.Number(row, "busyGpuSeconds"),
            (long)FleetExpectations.Number(row, "measuredGpuSeconds"), (long)FleetExpectations.Number(row, "wastedGpuSeconds"),
            WastedCost is null ? null : wastedCost ?? 0m);
        return actual == this ? null : $"expected {this}, answered {actual}";
    }
}

public sealed record MarginExpected(decimal Revenue, decimal Cost, decimal IdleCapacityCost)
{
    public string? DifferenceFrom(JsonElement row)
    {
        var actual = new MarginExpected(FleetExpectations.Number(row, "revenue"), FleetExpectations.Number(row, "cost"), FleetExpectations.Number(row, "idleCapacityCost"));
        var margin = row.GetProperty("margin").ValueKind == JsonValueKind.Null ? (decimal?)null : FleetExpectations.Number(row, "margin");
        return actual == this && margin == Revenue - Cost && FleetExpectations.Text(row, "currency") == FleetMonth.Currency
            ? null
            : $"expected {this} and margin {Revenue - Cost} in {FleetMonth.Currency}, answered {actual} and margin {margin?.ToString(CultureInfo.InvariantCulture) ?? "none"}";
    }
}
