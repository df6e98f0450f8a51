using GpuBilling.Decisions;
using Invoicing.Audit;

namespace Invoicing.Invoices.Voiding;

/// <summary>Void a finalized invoice for a reason, as of <paramref name="Now"/>.</summary>
public sealed record VoidInvoice(string InvoiceId, string Reason, DateTimeOffset Now, Actor By);

public static class VoidDecision
{
    /// <summary>
    /// Voiding cancels an issued invoice without editing it: its number stays used, its document
    /// stays readable. Only an operator voids, only a finalized invoice (a draft was never sent),
    /// and not one already credited: giving the same money back twice is what that would risk,
    /// so the rest is credited instead.
    /// </summary>
    public static IReadOnlyList<InvoiceEvent> Decide(VoidInvoice command, Invoice? state)
    {
        var invoice = InvoiceDecision.Existing(state, command.InvoiceId);
        InvoiceDecision.RequireOperator(command.By, $"void invoice {invoice.Id}");
        if (string.IsNullOrWhiteSpace(command.Reason))
            throw CommandRefused.Invalid("Reason is required: a voided invoice says why.");

        switch (invoice.Status)
        {
            case InvoiceStatus.Draft or InvoiceStatus.Held:
                throw CommandRefused.Conflict($"Invoice {invoice.Id} is not finalized; only a finalized invoice can be voided.");
            case InvoiceStatus.Voided:
                throw CommandRefused.Conflict($"Invoice {invoice.Issued!.InvoiceNumber} is already voided.");
        }
        if (invoice.CreditNotes.Count > 0)
            throw CommandRefused.Conflict(
                $"Invoice {invoice.Issued!.InvoiceNumber} has credit notes ({string.Join(", ", invoice.CreditNotes.Select(n => n.CreditNoteNumber))}); " +
                "credit what remains instead of voiding it.");

        return InvoiceDecision.Chained(invoice, new InvoiceVoided(invoice.Id, invoice.Issued!.InvoiceNumber, command.Reason, command.Now, command.By));
    }
}
