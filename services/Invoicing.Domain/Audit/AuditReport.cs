using GpuBilling.HashChains;
using Invoicing.Credits;
using Invoicing.Invoices;

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
    /// recomputation (services/Audit), whose invoice hop this is. Each stream comes as read, every
    /// event with its version: a chain is verified from the version its first event was read at.
    /// <paramref name="creditStream"/> is the tenant's credit stream (empty where it has none).
    /// </summary>
    public static AuditReport? Of(string invoiceId, IReadOnlyList<(long Version, object Data)> stored, IReadOnlyList<(long Version, object Data)> creditStream)
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
