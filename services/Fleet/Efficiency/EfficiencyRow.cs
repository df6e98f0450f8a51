using System.Text;
using System.Text.Json.Serialization;
using GpuBilling.ServiceDefaults;

namespace Fleet.Efficiency;

public sealed record WastedCost(string Currency, decimal Amount);

/// <summary>
/// One group of an efficiency report. GPU-seconds are exact; the ratios and GPU-hours are rounded
/// half-even to 6 places, as shown. Site, supplier and what was wasted cost are the operator's and
/// absent from a tenant's view; <see cref="WastedCost"/> is exact and unrounded, per currency.
/// </summary>
public sealed record EfficiencyRow(
    string? TenantId, string? Model, string? MigProfile, string? NodeId, string? GpuUuid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Site,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SupplierId,
    long PresentGpuSeconds, long AllocatedGpuSeconds, long UnallocatedGpuSeconds, long AllocatedIdleGpuSeconds, long UnknownGpuSeconds,
    decimal BusyGpuSeconds, long MeasuredGpuSeconds,
    decimal? AllocatedShare, decimal? Utilization, decimal? IdleShareOfAllocated, long WastedGpuSeconds, decimal WastedGpuHours,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<WastedCost>? WastedCost,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? UnpricedWastedGpuSeconds)
{
    private const int Places = 6;

    /// <param name="forOperator">False for a tenant's view: nothing of the operator's business (site, supplier, cost) is in it.</param>
    public static EfficiencyRow Of(EfficiencyGroup group, bool forOperator)
    {
        var (k, f) = (group.Key, group.Figures);
        return new EfficiencyRow(
            k.TenantId, k.Model, k.MigProfile, k.NodeId, k.GpuUuid, forOperator ? k.Site : null, forOperator ? k.SupplierId : null,
            f.Present, f.Allocated, f.Unallocated, f.AllocatedIdle, f.Unknown, f.Busy, f.Measured,
            Ratio(f.Allocated, f.Present), Ratio(f.Busy, f.Measured), Ratio(f.AllocatedIdle, f.Allocated), f.Wasted, Math.Round(f.Wasted / 3600m, Places),
            forOperator ? [.. WastedTime.CostOf(group.Wasted).Select(c => new WastedCost(c.Currency, c.Amount))] : null,
            forOperator ? group.UnpricedWasted : null);
    }

    private static decimal? Ratio(decimal part, decimal whole) => whole == 0 ? null : Math.Round(part / whole, Places);

    /// <summary>
    /// A page of rows as CSV, one row each; a group wasting in several currencies lists them in one
    /// field each, separated by ";", in the same order.
    /// </summary>
    public static string Csv(IEnumerable<EfficiencyRow> rows, bool forOperator)
    {
        static string Text(string? s) => s ?? "";
        static string Number(decimal? d) => d is { } value ? GpuBilling.ServiceDefaults.Csv.Number(value) : "";
        var csv = new StringBuilder().Row([
            "tenantId", "model", "migProfile", "nodeId", "gpuUuid", .. forOperator ? new[] { "site", "supplierId" } : [],
            "presentGpuSeconds", "allocatedGpuSeconds", "unallocatedGpuSeconds", "allocatedIdleGpuSeconds", "unknownGpuSeconds",
            "busyGpuSeconds", "measuredGpuSeconds", "allocatedShare", "utilization", "idleShareOfAllocated", "wastedGpuSeconds", "wastedGpuHours",
            .. forOperator ? new[] { "wastedCostCurrency", "wastedCost", "unpricedWastedGpuSeconds" } : []]);
        foreach (var r in rows)
            csv.Row([
                Text(r.TenantId), Text(r.Model), Text(r.MigProfile), Text(r.NodeId), Text(r.GpuUuid),
                .. forOperator ? new[] { Text(r.Site), Text(r.SupplierId) } : [],
                Number(r.PresentGpuSeconds), Number(r.AllocatedGpuSeconds), Number(r.UnallocatedGpuSeconds), Number(r.AllocatedIdleGpuSeconds),
                Number(r.UnknownGpuSeconds), Number(r.BusyGpuSeconds), Number(r.MeasuredGpuSeconds), Number(r.AllocatedShare), Number(r.Utilization),
                Number(r.IdleShareOfAllocated), Number(r.WastedGpuSeconds), Number(r.WastedGpuHours),
                .. forOperator
                    ? new[] { string.Join(';', r.WastedCost!.Select(c => c.Currency)), string.Join(';', r.WastedCost!.Select(c => Number(c.Amount))), Number(r.UnpricedWastedGpuSeconds) }
                    : []]);
        return csv.ToString();
    }
}
