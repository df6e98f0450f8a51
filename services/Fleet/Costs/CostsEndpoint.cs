using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Marten;

namespace Fleet.Costs;

/// <summary>
/// A period's cost summed by the dimensions asked for, always apart by currency: costs in two
/// currencies are never added. A dimension not asked for is null on every group. Exact and
/// unrounded; a reader rounds where it shows a figure.
/// </summary>
public sealed record CostGroup(
    string Currency, string? SupplierId, string? NodeId, string? Site, string? Model, string? MigProfile, string? TenantId, string? Class,
    decimal GpuSeconds, decimal EnergyJoules, decimal Amount);

public sealed record CostReport(
    DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> GroupBy, IReadOnlyList<CostGroup> Groups,
    IReadOnlyList<UncostedUsage> Uncosted, IReadOnlyList<UnpricedHolding> Unpriced);

public static class CostsEndpoint
{
    /// <summary>What a report can be grouped by; "class" tells tenants' time from idle capacity, energy and fixed charges.</summary>
    public static readonly IReadOnlyList<string> Dimensions = ["supplier", "node", "site", "model", "tenant", "class"];

    public static void MapCosts(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/fleet/costs", ReportAsync)
            .RequireRoles(Roles.Operator)
            .WithTags("Fleet costs")
            .WithName("GetFleetCosts")
            .WithSummary("What the fleet cost its suppliers over a period, grouped by supplier, node, site, GPU model, tenant and class (idle capacity apart).")
            .Produces<CostReport>()
            .ProducesMalformedRequest()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<IResult> ReportAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? groupBy, IQuerySession session, CancellationToken cancellationToken)
    {
        var problems = ReportPeriods.ProblemsWith(from, to).ToList();
        var dimensions = (groupBy ?? string.Join(',', Dimensions)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (dimensions.FirstOrDefault(d => !Dimensions.Contains(d)) is { } unknown)
            problems.Add(new FieldProblem("groupBy", $"'{unknown}' is not a dimension; 'groupBy' takes a comma-separated list of {string.Join(", ", Dimensions)}."));
        if (problems.Count > 0) return problems.ToValidationProblem(title: "The report cannot be made.");

        var attribution = await FleetReadings.AttributeAsync(session, from!.Value, to!.Value, cancellationToken);
        return Results.Ok(new CostReport(from.Value, to.Value, dimensions, Grouped(attribution.Lines, dimensions), attribution.Uncosted, attribution.Unpriced));
    }

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
