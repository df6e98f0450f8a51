using GpuBilling.Decisions;
using Invoicing.Audit;

namespace Invoicing.Invoices.Finalizing;

/// <summary>Release a held invoice, given a fresh completeness check, as of <paramref name="Now"/>.</summary>
public sealed record ReleaseInvoice(string InvoiceId, Reconciliation Reconciliation, DateTimeOffset Now, Actor By);

public static partial class FinalizeDecision
{
    /// <summary>
    /// Only figures that agree release an invoice; it becomes a draft again and is finalized the
    /// usual way, so release and finalization each keep their own check and their own event.
    /// </summary>
    public static IReadOnlyList<InvoiceEvent> Decide(ReleaseInvoice command, Invoice? state)
    {
        var invoice = InvoiceDecision.Existing(state, command.InvoiceId);
        if (invoice.Status != InvoiceStatus.Held)
            throw CommandRefused.Conflict($"Invoice {invoice.Id} is not held (it is {invoice.Status.ToString().ToLowerInvariant()}).");
        if (!command.Reconciliation.IsComplete)
            throw CommandRefused.Conflict($"Invoice {invoice.Id} stays held: {command.Reconciliation.Describe()}.");

        return InvoiceDecision.Chained(invoice, new InvoiceReleased(invoice.Id, command.Reconciliation, command.Now, command.By));
    }
}
