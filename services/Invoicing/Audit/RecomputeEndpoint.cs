using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Invoicing.Credits;
using Invoicing.Invoices;
using Marten;

namespace Invoicing.Audit;

public static class RecomputeEndpoint
{
    public static void MapRecompute(this RouteGroupBuilder invoices) =>
        invoices.MapGet("/{invoiceId}/recompute", RecomputeAsync)
            .RequireRoles(Roles.Operator, Roles.Auditor)
            .WithName("RecomputeInvoice")
            .WithTag("Audit", "For auditors: the events behind every figure, recomputing invoices from them, and the lineage of a line back to metered seconds.")
            .WithSummary("Verifies the invoice stream's and the tenant's credit stream's hash chains and recomputes its lines, totals and credit settlement from their events.")
            .Produces<AuditReport>()
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>
    /// Reads the events as stored, never a summary of them: an edit made directly in the database
    /// shows up here as the link it broke.
    /// </summary>
    private static async Task<IResult> RecomputeAsync(string invoiceId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
        Results.Ok((InvoiceKey.TryParse(invoiceId, out var key) && user.MaySee(key.TenantId)
                       ? AuditReport.Of(invoiceId,
                           await ReadAsync(session, invoiceId, cancellationToken),
                           await ReadAsync(session, new CreditKey(key.TenantId).ToString(), cancellationToken))
                       : null)
                   ?? throw CommandRefused.NotFound($"There is no invoice {invoiceId}."));

    private static async Task<List<(long Version, object Data)>> ReadAsync(IQuerySession session, string streamKey, CancellationToken cancellationToken) =>
        [.. (await session.Events.FetchStreamAsync(streamKey, token: cancellationToken)).Select(e => (e.Version, e.Data))];
}
