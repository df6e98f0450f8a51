using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.HashChains;
using GpuBilling.ServiceDefaults;
using Invoicing.Credits;
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
/// <param name="CreditChain">The tenant's credit stream's chain, where the tenant has one: the draws settling the invoice are read from it.</param>
public sealed record AuditReport(
    string InvoiceId,
    bool Matches,
    int Events,
    ChainVerification Chain,
    RecomputeReport? Recompute,
    IReadOnlyList<string> Findings,
    ChainVerification? CreditChain = null)
{
    /// <summary>
    /// The audit of an invoice stream as stored; null when the stream holds no invoice. A draft has
    /// nothing issued to recompute; its chain is still verified. Shared with the auditor's full
    /// recomputation (services/Audit), whose invoice hop this is. <paramref name="creditStream"/> is
    /// the tenant's credit stream as stored (empty where it has none).
    /// </summary>
    public static AuditReport? Of(string invoiceId, IReadOnlyList<IEvent> stored, IReadOnlyList<IEvent> creditStream)
    {
        var events = stored.Select(e => e.Data).OfType<InvoiceEvent>().ToList();
        if (events.Count == 0) return null;

        var chain = HashChain.Verify(events, firstVersion: stored[0].Version);
        var credits = creditStream.Select(e => e.Data).OfType<CreditEvent>().ToList();
        var creditChain = credits.Count == 0 ? null : HashChain.Verify(credits, firstVersion: creditStream[0].Version);
        var invoice = Invoice.Replay(events)!;
        var recompute = invoice.Issued is null ? null : InvoiceRecompute.Compare(invoice, CreditBalance.Replay(credits)?.SettlementOf(invoiceId));

        List<string> findings =
        [
            .. chain.FirstBroken is { } broken ? [broken.ToString()] : Array.Empty<string>(),
            .. creditChain?.FirstBroken is { } creditBroken ? [$"credit stream {new CreditKey(invoice.TenantId)}: {creditBroken}"] : Array.Empty<string>(),
            .. recompute?.Lines.Select(l => l.ToString()) ?? [],
            .. recompute?.Totals.Select(t => t.ToString()) ?? [],
            .. recompute?.Settlement?.Select(s => s.ToString()) ?? [],
        ];
        return new AuditReport(invoiceId, findings.Count == 0, events.Count, chain, recompute, findings, creditChain);
    }
}

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
                           await session.Events.FetchStreamAsync(invoiceId, token: cancellationToken),
                           await session.Events.FetchStreamAsync(new CreditKey(key.TenantId).ToString(), token: cancellationToken))
                       : null)
                   ?? throw CommandRefused.NotFound($"There is no invoice {invoiceId}."));
}
