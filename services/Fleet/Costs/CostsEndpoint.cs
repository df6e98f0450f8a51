using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Marten;
using Npgsql;

namespace Fleet.Costs;

/// <summary>
/// A period's cost summed by the dimensions asked for, always apart by currency: costs in two
/// currencies are never added. A dimension not asked for is null on every group. Exact and
/// unrounded; a reader rounds where it shows a figure.
/// </summary>
public sealed record CostGroup(
    string Currency, string? SupplierId, string? NodeId, string? Site, string? Model, string? MigProfile, string? TenantId, string? Class,
    decimal GpuSeconds, decimal EnergyJoules, decimal Amount);

/// <summary>What the whole period cost in one currency, whatever page of groups is shown.</summary>
public sealed record CostTotal(string Currency, decimal GpuSeconds, decimal EnergyJoules, decimal Amount);

/// <summary>
/// A page of a period's cost groups in their order, the period's totals per currency, and what could
/// not be costed; <see cref="Next"/> reads the page after it and is null on the last.
/// </summary>
public sealed record CostReport(
    DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> GroupBy, IReadOnlyList<CostGroup> Groups, string? Next,
    IReadOnlyList<CostTotal> Totals, IReadOnlyList<UncostedUsage> Uncosted, IReadOnlyList<UnpricedHolding> Unpriced);

public static class CostsEndpoint
{
    /// <summary>What a report can be grouped by; "class" tells tenants' time from idle capacity, energy and fixed charges.</summary>
    public static readonly IReadOnlyList<string> Dimensions = ["supplier", "node", "site", "model", "tenant", "class"];

    public static void MapCosts(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/fleet/costs", ReportAsync)
            .RequireRoles(Roles.Operator)
            .WithTag("Fleet costs", "What the fleet cost its suppliers over a period, idle capacity included.")
            .WithName("GetFleetCosts")
            .WithSummary("What the fleet cost its suppliers over a period, grouped by supplier, node, site, GPU model, tenant and class (idle capacity apart).")
            .ProducesPage<CostReport>()
            .AllowsListOf("groupBy", Dimensions);

    /// <summary>Pages as every list does (<see cref="Pages"/>): the cursor is the sort key of the previous page's last group.</summary>
    private static async Task<IResult> ReportAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? groupBy, int? limit, string? cursor, IQuerySession session, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var after = cursor is null ? null : Pages.SortKeyOf(cursor);
        var problems = ReportPeriods.ProblemsWith(from, to).ToList();
        problems.AddRange(Pages.ProblemsWith(limit, cursor, after is not null).Select(p => new FieldProblem(p.Field, p.Problem)));
        var dimensions = (groupBy ?? string.Join(',', Dimensions)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (dimensions.FirstOrDefault(d => !Dimensions.Contains(d)) is { } unknown)
            problems.Add(new FieldProblem("groupBy", $"'{unknown}' is not a dimension; 'groupBy' takes a comma-separated list of {string.Join(", ", Dimensions)}."));
        if (problems.Count > 0) return problems.ToValidationProblem(title: "The report cannot be made.");

        var attribution = await FleetReadings.AttributeAsync(session, database, from!.Value, to!.Value, cancellationToken);
        var groups = Grouped(attribution.Lines, dimensions);
        var page = Pages.Of([.. groups.Where(g => after is null || string.CompareOrdinal(SortKeyOf(g), after) > 0).Take(Pages.FetchSize(limit))], limit, SortKeyOf);
        var totals = attribution.Lines.GroupBy(l => l.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CostTotal(g.Key, g.Sum(l => l.GpuSeconds), g.Sum(l => l.EnergyJoules), g.Sum(l => l.Amount)));
        return Results.Ok(new CostReport(from.Value, to.Value, dimensions, page.Items, page.Next, [.. totals], attribution.Uncosted, attribution.Unpriced));
    }

    /// <summary>
    /// A group's place in the report's order as one text: its fields in order, a missing one empty and a
    /// present one marked, joined by a separator below every character an id or model name holds, so
    /// ordinal order of the texts is the order of the groups.
    /// </summary>
    internal static string SortKeyOf(CostGroup g) =>
        string.Join('\u0001', new[] { g.Currency, g.SupplierId, g.NodeId, g.Site, g.Model, g.MigProfile, g.TenantId, g.Class }
            .Select(field => field is null ? "" : "\u0002" + field));

    internal static IReadOnlyList<CostGroup> Grouped(IEnumerable<CostLine> lines, IReadOnlyCollection<string> by) =>
    [
        .. lines
            .GroupBy(l => new CostGroup(
                l.Currency,
                by.Contains("supplier") ? l.SupplierId : null,
                by.Contains("node") ? l.NodeId : null,
                by.Contains("site") ? l.Site : null,
                by.Contains("model") ? l.Model : null,
                by.Contains("model") ? l.MigProfile : null,
                by.Contains("tenant") ? l.TenantId : null,
                by.Contains("class") ? l.Class : null,
                0m, 0m, 0m))
            .Select(g => g.Key with { GpuSeconds = g.Sum(l => l.GpuSeconds), EnergyJoules = g.Sum(l => l.EnergyJoules), Amount = g.Sum(l => l.Amount) })
            .OrderBy(g => g.Currency, StringComparer.Ordinal).ThenBy(g => g.SupplierId, StringComparer.Ordinal).ThenBy(g => g.NodeId, StringComparer.Ordinal)
            .ThenBy(g => g.Site, StringComparer.Ordinal).ThenBy(g => g.Model, StringComparer.Ordinal).ThenBy(g => g.MigProfile, StringComparer.Ordinal)
            .ThenBy(g => g.TenantId, StringComparer.Ordinal).ThenBy(g => g.Class, StringComparer.Ordinal),
    ];
}
