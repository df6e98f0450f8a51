using System.Security.Claims;
using Audit.Recompute;
using GpuBilling.Access;
using GpuBilling.ServiceDefaults;
using Invoicing.Invoices;
using Marten;
using Metering;

namespace Audit.Lineage;

public static class LineageEndpoint
{
    public static void MapLineLineage(this IEndpointRouteBuilder app) =>
        // No `:int` constraint on the line number: a line number that is not a number is the caller's
        // mistake (a 400 naming it), not a route that does not exist (a 404).
        app.MapGet("/v1/audit/invoices/{invoiceId}/lines/{lineNumber}/lineage", LineageAsync)
            .RequireRoles(Roles.Auditor, Roles.Operator)
            .WithName("TraceInvoiceLineToLedger")
            .WithTags("Audit")
            .WithSummary("A page of the ledger seconds behind one finalized line, by accrual event.")
            .Produces<LineLineage>()
            .ProducesMalformedRequest()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>
    /// A page of the line's sources: <paramref name="limit"/> accrual events (not sources) at most,
    /// after version <paramref name="after"/>, because a busy month accrues millions of ledger events.
    /// </summary>
    private static async Task<IResult> LineageAsync(
        string invoiceId, int lineNumber, long? after, int? limit, ClaimsPrincipal user, AuditedStores stores, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (RecomputeEndpoint.ProblemWith(invoiceId) is { } problem) errors["invoiceId"] = [problem];
        if (lineNumber < 1) errors["lineNumber"] = ["Lines are numbered from 1."];
        VersionPages.AddProblems(errors, after, limit, "accrual events");
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        if (!user.MaySee(InvoiceKey.Parse(invoiceId).TenantId)) return NotFound($"There is no invoice {invoiceId}.");

        await using var invoicing = stores.Invoicing.QuerySession();
        var invoice = FullRecompute.InvoiceOf(await invoicing.Events.FetchStreamAsync(invoiceId, token: cancellationToken));
        if (invoice?.Issued is not { } issued)
            return NotFound(invoice is null ? $"There is no invoice {invoiceId}." : $"Invoice {invoiceId} is not finalized: its lines are not written yet.");
        if (issued.Lines.FirstOrDefault(l => l.Number == lineNumber) is not { } line)
            return NotFound($"Invoice {invoiceId} has no line {lineNumber}.");
        if (!LineLineageOf.IsMetered(line))
            return Results.Ok(LineLineageOf.Of(invoiceId, line, [], new Dictionary<string, string>(), null));

        var (from, to) = VersionPages.Of(after, limit, line.Lineage.TotalsVersion ?? long.MaxValue);
        await using var pricing = stores.Pricing.QuerySession();
        var page = await pricing.Events.FetchStreamAsync(line.Lineage.AccrualStream!, version: to, fromVersion: from + 1, token: cancellationToken);
        var streams = await LedgerStreamsAsync(stores, page, cancellationToken);
        var next = to < (line.Lineage.TotalsVersion ?? 0) && page.Count > 0 ? to : (long?)null;
        return Results.Ok(LineLineageOf.Of(invoiceId, line, page, streams, next));
    }

    /// <summary>The stream of each ledger event the accruals name: the node and UTC hour it recorded.</summary>
    private static async Task<Dictionary<string, string>> LedgerStreamsAsync(
        AuditedStores stores, IEnumerable<JasperFx.Events.IEvent> accruals, CancellationToken cancellationToken)
    {
        var ids = FullRecompute.SourceIdsOf([.. accruals]).ToArray();
        await using var command = stores.Database.CreateCommand($"select id, stream_id from {MeteringEvents.Schema}.mt_events where id = any($1)");
        command.Parameters.AddWithValue(ids);
        var streams = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            streams[reader.GetGuid(0).ToString()] = reader.GetString(1);
        return streams;
    }

    private static IResult NotFound(string title) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title);
}
