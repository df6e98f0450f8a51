using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.HashChains;
using GpuBilling.ServiceDefaults;
using Invoicing.Invoices;
using JasperFx.Events;
using Marten;

namespace Invoicing.Audit;

/// <summary>
/// What an auditor gets for one invoice: whether its stored history is the history that was
/// written (the hash chain over the events as stored) and whether its figures are what its
/// inputs give (the recompute). <see cref="Findings"/> says each problem in words: the first
/// broken link, then every line and total that differs.
/// </summary>
public sealed record AuditReport(
    string InvoiceId,
    bool Matches,
    int Events,
    ChainVerification Chain,
    RecomputeReport? Recompute,
    IReadOnlyList<string> Findings)
{
    /// <summary>
    /// The audit of an invoice stream as stored; null when the stream holds no invoice. A draft has
    /// nothing issued to recompute; its chain is still verified. Shared with the auditor's full
    /// recomputation (services/Audit), whose invoice hop this is.
    /// </summary>
    public static AuditReport? Of(string invoiceId, IReadOnlyList<IEvent> stored)
    {
        var events = stored.Select(e => e.Data).OfType<InvoiceEvent>().ToList();
        if (events.Count == 0) return null;

        var chain = HashChain.Verify(events, firstVersion: stored[0].Version);
        var invoice = Invoice.Replay(events)!;
        var recompute = invoice.Issued is null ? null : InvoiceRecompute.Compare(invoice);

        List<string> findings =
        [
            .. chain.FirstBroken is { } broken ? [broken.ToString()] : Array.Empty<string>(),
            .. recompute?.Lines.Select(l => l.ToString()) ?? [],
            .. recompute?.Totals.Select(t => t.ToString()) ?? [],
        ];
        return new AuditReport(invoiceId, findings.Count == 0, events.Count, chain, recompute, findings);
    }
}

public static class RecomputeEndpoint
{
    public static void MapRecompute(this RouteGroupBuilder invoices) =>
        invoices.MapGet("/{invoiceId}/recompute", RecomputeAsync)
            .RequireRoles(Roles.Operator, Roles.Auditor)
            .WithName("RecomputeInvoice")
            .WithTags("Audit")
            .WithSummary("Verifies the invoice stream's hash chain and recomputes its lines and totals from its stored charges.")
            .Produces<AuditReport>()
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>
    /// Reads the events as stored, never a summary of them: an edit made directly in the database
    /// shows up here as the link it broke.
    /// </summary>
    private static async Task<IResult> RecomputeAsync(string invoiceId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
        Results.Ok((InvoiceKey.TryParse(invoiceId, out var key) && user.MaySee(key.TenantId)
                       ? AuditReport.Of(invoiceId, await session.Events.FetchStreamAsync(invoiceId, token: cancellationToken))
                       : null)
                   ?? throw CommandRefused.NotFound($"There is no invoice {invoiceId}."));
}
