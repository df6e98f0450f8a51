using GpuBilling.Decisions;
using Invoicing.Audit;

namespace Invoicing.Invoices.Drafting;

/// <summary>
/// Replace the draft's charges with the period's charges as rated from totals version
/// <paramref name="TotalsVersion"/> (which grows each time the period's rated totals change), as of <paramref name="Now"/>.
/// </summary>
/// <param name="MeteredGpuSeconds">The GPU-seconds as metered behind the charges, if rating said.</param>
public sealed record UpdateInvoiceDraft(
    string InvoiceId,
    long TotalsVersion,
    IReadOnlyList<ChargeLine> Charges,
    DateTimeOffset Now,
    Actor By,
    long? MeteredGpuSeconds = null);

public static partial class DraftDecision
{
    /// <summary>
    /// The draft follows the period's totals. Updates can arrive twice or out of order (delivery is
    /// at least once, consumers compete), so one whose totals version is not newer than the
    /// draft's adds nothing, even after finalization; a newer one after finalization is late usage
    /// and is refused here so that it is charged on the next open invoice instead.
    /// </summary>
    public static IReadOnlyList<InvoiceEvent> Decide(UpdateInvoiceDraft command, Invoice? state)
    {
        var invoice = InvoiceDecision.Existing(state, command.InvoiceId);
        if (command.TotalsVersion <= invoice.TotalsVersion) return [];
        if (invoice.Status is InvoiceStatus.Finalized or InvoiceStatus.Voided)
            throw CommandRefused.Conflict(
                $"Invoice {invoice.Id} is {invoice.Status.ToString().ToLowerInvariant()} as {invoice.Issued?.InvoiceNumber} and never changes; " +
                $"charges rated after finalization are late usage of {invoice.Period}, an adjustment on the next open invoice.");

        var problems = InvoiceDecision.ChargeProblems(command.Charges, nameof(command.Charges), invoice.Currency, invoice.Period).ToList();
        if (problems.Count > 0) throw CommandRefused.Invalid($"Charges for invoice {invoice.Id} are invalid", problems);

        return InvoiceDecision.Chained(invoice, new InvoiceDraftUpdated(invoice.Id, command.TotalsVersion, command.Charges, command.Now, command.By, command.MeteredGpuSeconds));
    }
}
