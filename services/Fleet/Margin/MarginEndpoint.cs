using System.Text;
using Fleet.Costs;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Marten;
using Npgsql;
using Microsoft.AspNetCore.WebUtilities;

namespace Fleet.Margin;

/// <summary>
/// A page of a period's margin groups in their order, the whole period's totals (the same figures
/// with no grouping, one row per currency) on every page, and what could not be costed.
/// <see cref="Next"/> reads the page after it and is null on the last.
/// </summary>
public sealed record MarginPage(
    DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> GroupBy, IReadOnlyList<MarginGroup> Groups, string? Next,
    IReadOnlyList<MarginGroup> Totals, IReadOnlyList<UncostedUsage> Uncosted, IReadOnlyList<UnpricedHolding> Unpriced);

public static class MarginEndpoint
{
    public static void MapMargin(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/fleet/margin", ReportAsync)
            .RequireRoles(Roles.Operator)
            .WithTag("Fleet margin", "Revenue beside supplier cost and margin per tenant, GPU model, node, site or supplier (operators only; never converted between currencies).")
            .WithName("GetFleetMargin")
            .WithSummary("Revenue, supplier cost, margin and margin % over a period, grouped by supplier, node, site, GPU model and tenant; format=csv as a file of the same page.")
            .ProducesPage<MarginPage>()
            .AlsoAnswersAsText(Csv.ContentType);

    /// <summary>Pages as every list does (<see cref="Pages"/>); as CSV the same page, and a <c>Link</c> header to the next where one follows.</summary>
    private static async Task<IResult> ReportAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? groupBy, int? limit, string? cursor, string? format,
        HttpContext http, IQuerySession session, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var after = cursor is null ? null : Pages.SortKeyOf(cursor);
        var problems = ReportPeriods.ProblemsWith(from, to).ToList();
        problems.AddRange(Pages.ProblemsWith(limit, cursor, after is not null).Select(p => new FieldProblem(p.Field, p.Problem)));
        var dimensions = (groupBy ?? string.Join(',', MarginReport.Dimensions)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (dimensions.FirstOrDefault(d => !MarginReport.Dimensions.Contains(d)) is { } unknown)
            problems.Add(new FieldProblem("groupBy", $"'{unknown}' is not a dimension; 'groupBy' takes a comma-separated list of {string.Join(", ", MarginReport.Dimensions)}."));
        if (format is not (null or "json" or "csv")) problems.Add(new FieldProblem("format", "'format' must be json or csv."));
        if (problems.Count > 0) return problems.ToValidationProblem(title: "The report cannot be made.");

        var (revenue, cost) = await MarginReadings.ReadAsync(session, database, from!.Value, to!.Value, cancellationToken);
        var groups = MarginReport.Of(revenue, cost.Lines, dimensions);
        var page = Pages.Of([.. groups.Where(g => after is null || string.CompareOrdinal(SortKeyOf(g), after) > 0).Take(Pages.FetchSize(limit))], limit, SortKeyOf);
        if (format == "csv")
        {
            if (page.Next is { } next)
                http.Response.Headers.Link = $"<{QueryHelpers.AddQueryString(http.Request.Path, http.Request.Query.Where(q => q.Key != "cursor").Append(new("cursor", next)))}>; rel=\"next\"";
            return Results.File(Encoding.UTF8.GetBytes(CsvOf(page.Items)), Csv.ContentType, "fleet-margin.csv");
        }
        return Results.Ok(new MarginPage(from.Value, to.Value, dimensions, page.Items, page.Next, MarginReport.Of(revenue, cost.Lines, []), cost.Uncosted, cost.Unpriced));
    }

    /// <summary>
    /// A group's place in the report's order as one text: its fields in order, a missing one empty and a
    /// present one marked, joined by a separator below every character an id or model name holds, so
    /// ordinal order of the texts is the order of the groups.
    /// </summary>
    internal static string SortKeyOf(MarginGroup g) =>
        string.Join('\u0001', new[] { g.SupplierId, g.NodeId, g.Site, g.Model, g.MigProfile, g.TenantId, g.Currency }
            .Select(field => field is null ? "" : "\u0002" + field));

    /// <summary>One row per group, amounts exact as in JSON; a dimension not grouped by, and a margin not given, is an empty cell.</summary>
    public static string CsvOf(IEnumerable<MarginGroup> groups)
    {
        var csv = new StringBuilder().Row(
        [
            "supplier_id", "node_id", "site", "model", "mig_profile", "tenant_id", "currency", "usage_revenue", "fixed_revenue", "commitment_revenue",
            "credit_notes", "promotional_credit", "revenue", "cost", "idle_capacity_cost", "margin", "margin_percent", "margin_note",
        ]);
        foreach (var g in groups)
            csv.Row(
            [
                g.SupplierId ?? "", g.NodeId ?? "", g.Site ?? "", g.Model ?? "", g.MigProfile ?? "", g.TenantId ?? "", g.Currency,
                Csv.Number(g.UsageRevenue), Csv.Number(g.FixedRevenue), Csv.Number(g.CommitmentRevenue), Csv.Number(g.CreditNotes),
                Csv.Number(g.PromotionalCredit), Csv.Number(g.Revenue), Csv.Number(g.Cost), Csv.Number(g.IdleCapacityCost),
                g.Margin is { } m ? Csv.Number(m) : "", g.MarginPercent is { } p ? Csv.Number(p) : "", g.MarginNote ?? "",
            ]);
        return csv.ToString();
    }
}
