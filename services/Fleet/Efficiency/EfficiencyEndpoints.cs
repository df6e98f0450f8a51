using System.Text;
using Fleet.Costs;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Marten;
using Npgsql;
using Microsoft.AspNetCore.Http.Extensions;

namespace Fleet.Efficiency;

/// <summary>A page of a period's efficiency groups in their order, at the idle level they were decided by, and the whole period's total.</summary>
public sealed record EfficiencyReport(
    DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> GroupBy, decimal IdleBelowPercent,
    IReadOnlyList<EfficiencyRow> Groups, string? Next, EfficiencyRow Total);

/// <summary>The GPUs or nodes that wasted the most GPU-seconds in a period, most first.</summary>
public sealed record TopWastersReport(DateTimeOffset From, DateTimeOffset To, string By, decimal IdleBelowPercent, IReadOnlyList<EfficiencyRow> Items);

/// <summary>
/// Where GPUs were wasted: the operator sees every GPU with what its waste cost at the supplier's
/// price; a tenant sees its own GPUs only, at its own idle level, never a cost. JSON, or with
/// <c>format=csv</c> the page's rows as a file (the next page in a <c>Link</c> header).
/// </summary>
public static class EfficiencyEndpoints
{
    /// <summary>A tenant's view groups only by what is its own.</summary>
    public static readonly IReadOnlyList<string> TenantDimensions = ["model", "node", "gpu"];

    public const int MaxTop = 200;

    public static void MapEfficiency(this IEndpointRouteBuilder app)
    {
        var fleet = app.MapGroup("/v1/fleet/efficiency").WithTag("Fleet efficiency", "How the GPU-seconds of the fleet and of each tenant were spent: busy, held but idle, unallocated; the idle levels that decide it.").RequireRoles(Roles.Operator);
        fleet.MapGet("", FleetReportAsync)
            .WithName("GetFleetEfficiency")
            .WithSummary("GPU-seconds present, allocated, busy, allocated but idle, unallocated and of unknown utilization over a period, " +
                         "grouped by tenant, model, node, gpu, site and supplier, with the wasted GPU-hours and their cost; format=csv as a file.")
            .ProducesPage<EfficiencyReport>()
            .AlsoAnswersAsText(Csv.ContentType)
            .Allows("format", Csv.ReportFormats)
            .AllowsListOf("groupBy", EfficiencyGroups.Dimensions);
        fleet.MapGet("/top", TopAsync)
            .WithName("GetTopWasters")
            .WithSummary("The GPUs or nodes that wasted the most GPU-hours in a period (held and idle, or not held), most first.")
            .Produces<TopWastersReport>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesMalformedRequest()
            .AlsoAnswersAsText(Csv.ContentType)
            .Allows("format", Csv.ReportFormats)
            .Allows("by", EfficiencyGroups.Rankable)
            .WithParameterRule(ParameterRule.Between("count", 1, MaxTop));

        var tenant = app.MapGroup("/v1/fleet/tenants/{tenantId}").WithTags("Fleet efficiency").RequireRoles(Roles.Tenant, Roles.Operator);
        tenant.MapGet("/efficiency", TenantReportAsync)
            .WithName("GetTenantEfficiency")
            .WithSummary("A tenant's own GPUs over a period, at its own idle level: allocated, busy, idle and unknown GPU-seconds; format=csv as a file.")
            .ProducesPage<EfficiencyReport>()
            .AlsoAnswersAsText(Csv.ContentType)
            .Allows("format", Csv.ReportFormats)
            .AllowsListOf("groupBy", TenantDimensions)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapGet("/idle-gpus", IdleGpusAsync)
            .WithName("GetTenantIdleGpus")
            .WithSummary("A tenant's GPUs that were held and idle in a period, one row per GPU, by node and GPU; format=csv as a file.")
            .ProducesPage<EfficiencyReport>()
            .AlsoAnswersAsText(Csv.ContentType)
            .Allows("format", Csv.ReportFormats)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Task<IResult> FleetReportAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? groupBy, int? limit, string? cursor, string? format,
        HttpContext http, IQuerySession session, NpgsqlDataSource database, CancellationToken cancellationToken) =>
        ReportAsync(new(from, to, groupBy ?? "node", limit, cursor, format), EfficiencyGroups.Dimensions, null, false, http, session, database, cancellationToken);

    private static Task<IResult> TenantReportAsync(
        string tenantId, DateTimeOffset? from, DateTimeOffset? to, string? groupBy, int? limit, string? cursor, string? format,
        HttpContext http, IQuerySession session, NpgsqlDataSource database, CancellationToken cancellationToken) =>
        http.User.MaySee(tenantId)
            ? ReportAsync(new(from, to, groupBy ?? "gpu", limit, cursor, format), TenantDimensions, tenantId, false, http, session, database, cancellationToken)
            : Task.FromResult(NoTenant(tenantId));

    private static Task<IResult> IdleGpusAsync(
        string tenantId, DateTimeOffset? from, DateTimeOffset? to, int? limit, string? cursor, string? format,
        HttpContext http, IQuerySession session, NpgsqlDataSource database, CancellationToken cancellationToken) =>
        http.User.MaySee(tenantId)
            ? ReportAsync(new(from, to, "gpu", limit, cursor, format), TenantDimensions, tenantId, true, http, session, database, cancellationToken)
            : Task.FromResult(NoTenant(tenantId));

    private static IResult NoTenant(string tenantId) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no tenant '{tenantId}'.");

    private sealed record ReportQuery(DateTimeOffset? From, DateTimeOffset? To, string GroupBy, int? Limit, string? Cursor, string? Format);

    /// <summary>Pages as every list does (<see cref="Pages"/>): the cursor is the sort key of the previous page's last group.</summary>
    private static async Task<IResult> ReportAsync(
        ReportQuery query, IReadOnlyList<string> allowed, string? tenantId, bool idleOnly, HttpContext http, IQuerySession session, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var after = query.Cursor is null ? null : Pages.SortKeyOf(query.Cursor);
        var problems = ProblemsWith(query.From, query.To, query.Format).ToList();
        problems.AddRange(Pages.ProblemsWith(query.Limit, query.Cursor, after is not null).Select(p => new FieldProblem(p.Field, p.Problem)));
        var dimensions = query.GroupBy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (dimensions.FirstOrDefault(d => !allowed.Contains(d)) is { } unknown)
            problems.Add(new FieldProblem("groupBy", $"'{unknown}' is not a dimension; 'groupBy' takes a comma-separated list of {string.Join(", ", allowed)}."));
        if (problems.Count > 0) return problems.ToValidationProblem(title: "The report cannot be made.");

        var forOperator = tenantId is null;
        var (rows, level) = await EfficiencyReadings.MeasureAsync(session, database, query.From!.Value, query.To!.Value, tenantId, cancellationToken);
        var groups = EfficiencyGroups.Grouped(rows, dimensions).Where(g => !idleOnly || g.Figures.AllocatedIdle > 0);
        var page = Pages.Of(
            [.. groups.Where(g => after is null || string.CompareOrdinal(g.Key.SortKey(), after) > 0).Take(Pages.FetchSize(query.Limit))],
            query.Limit, g => g.Key.SortKey());
        var items = page.Items.Select(g => EfficiencyRow.Of(g, forOperator)).ToList();
        if (query.Format == "csv")
        {
            if (page.Next is { } next) http.Response.Headers.Link = $"<{http.Request.Path}{NextQuery(http.Request.Query, next)}>; rel=\"next\"";
            return Results.File(Encoding.UTF8.GetBytes(EfficiencyRow.Csv(items, forOperator)), Csv.ContentType, $"efficiency-{tenantId ?? "fleet"}.csv");
        }
        var total = EfficiencyRow.Of(EfficiencyGroups.Grouped(rows, []).SingleOrDefault()
            ?? new EfficiencyGroup(new EfficiencyKey(null, null, null, null, null, null, null), EfficiencyFigures.None, [], 0), forOperator);
        return Results.Ok(new EfficiencyReport(query.From.Value, query.To.Value, dimensions, level, items, page.Next, total));
    }

    private static async Task<IResult> TopAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? by, int? count, string? format, HttpContext http, IQuerySession session, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var problems = ProblemsWith(from, to, format).ToList();
        by ??= "gpu";
        if (!EfficiencyGroups.Rankable.Contains(by)) problems.Add(new("by", $"'by' is one of {string.Join(", ", EfficiencyGroups.Rankable)}."));
        if (count is < 1 or > MaxTop) problems.Add(new("count", $"'count' must be between 1 and {MaxTop}."));
        if (problems.Count > 0) return problems.ToValidationProblem(title: "The report cannot be made.");

        var (rows, level) = await EfficiencyReadings.MeasureAsync(session, database, from!.Value, to!.Value, null, cancellationToken);
        var items = EfficiencyGroups.TopWasters(rows, by, count ?? 10).Select(g => EfficiencyRow.Of(g, forOperator: true)).ToList();
        return format == "csv"
            ? Results.File(Encoding.UTF8.GetBytes(EfficiencyRow.Csv(items, forOperator: true)), Csv.ContentType, $"top-wasters-by-{by}.csv")
            : Results.Ok(new TopWastersReport(from.Value, to.Value, by, level, items));
    }

    private static IEnumerable<FieldProblem> ProblemsWith(DateTimeOffset? from, DateTimeOffset? to, string? format) =>
        format is null || Csv.ReportFormats.Contains(format)
            ? ReportPeriods.ProblemsWith(from, to)
            : [.. ReportPeriods.ProblemsWith(from, to), new FieldProblem("format", "'format' must be json or csv.")];

    private static string NextQuery(IQueryCollection query, string next)
    {
        var builder = new QueryBuilder(query.Where(q => q.Key != "cursor").SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? ""))));
        builder.Add("cursor", next);
        return builder.ToQueryString().Value ?? "";
    }
}
