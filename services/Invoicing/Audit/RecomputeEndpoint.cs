using Invoicing.Invoices;
using Marten;
using Metering.ServiceDefaults;

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
    IReadOnlyList<string> Findings);

public static class RecomputeEndpoint
{
    public static void MapRecompute(this RouteGroupBuilder invoices) =>
        invoices.MapGet("/{invoiceId}/recompute", RecomputeAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Operator, Roles.Auditor))
            .WithName("RecomputeInvoice");

    /// <summary>
    /// Reads the events as stored, never a summary of them: an edit made directly in the database
    /// shows up here as the link it broke. A draft has nothing issued to recompute; its chain is still verified.
    /// </summary>
    private static async Task<IResult> RecomputeAsync(string invoiceId, IQuerySession session, CancellationToken cancellationToken)
    {
        var stored = await session.Events.FetchStreamAsync(invoiceId, token: cancellationToken);
        var events = stored.Select(e => e.Data).OfType<InvoiceEvent>().ToList();
        if (events.Count == 0) throw CommandRefused.NotFound($"There is no invoice {invoiceId}.");

        var chain = HashChain.Verify(events, firstVersion: stored[0].Version);
        var invoice = Invoice.Replay(events)!;
        var recompute = invoice.Issued is null ? null : InvoiceRecompute.Compare(invoice);

        List<string> findings =
        [
            .. chain.FirstBroken is { } broken ? [broken.ToString()] : Array.Empty<string>(),
            .. recompute?.Lines.Select(l => l.ToString()) ?? [],
            .. recompute?.Totals.Select(t => t.ToString()) ?? [],
        ];
        return Results.Ok(new AuditReport(invoiceId, findings.Count == 0, events.Count, chain, recompute, findings));
    }
}
