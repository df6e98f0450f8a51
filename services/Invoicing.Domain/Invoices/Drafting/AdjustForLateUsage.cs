using GpuBilling.Decisions;
using GpuBilling.HashChains;
using Invoicing.Audit;

namespace Invoicing.Invoices.Drafting;

/// <summary>
/// Charge late usage of the finalized period <c>Adjustment.For</c> on the open invoice
/// <paramref name="InvoiceId"/> of a later period, as of <paramref name="Now"/>.
/// </summary>
public sealed record AdjustForLateUsage(string InvoiceId, LateUsageAdjustment Adjustment, DateTimeOffset Now, Actor By);

public static partial class DraftDecision
{
    /// <summary>
    /// A finalized invoice never changes, so its late usage is charged here instead. While this
    /// invoice is open, a newer adjustment for the same period replaces the older one (it was
    /// computed from the newer re-rating), and the same one twice adds nothing.
    /// </summary>
    public static IReadOnlyList<InvoiceEvent> Decide(AdjustForLateUsage command, Invoice? state)
    {
        var invoice = InvoiceDecision.Existing(state, command.InvoiceId);
        var adjustment = command.Adjustment;
        if (invoice.Status is InvoiceStatus.Finalized or InvoiceStatus.Voided)
            throw CommandRefused.Conflict(
                $"Invoice {invoice.Id} is {invoice.Status.ToString().ToLowerInvariant()} and never changes; late usage of {adjustment.For.Period} goes on the next open invoice.");
        if (adjustment.For.Period.End > invoice.Period.Start)
            throw CommandRefused.Invalid(
                $"Late usage of {adjustment.For.Period} can only be charged on an invoice of a later period; invoice {invoice.Id} is for {invoice.Period}.");

        var problems = new List<FieldProblem>();
        foreach (var line in adjustment.AlreadyInvoiced.Where(l => l.Adjusts is not null && l.Adjusts.Period != adjustment.For.Period))
            problems.Add(new($"AlreadyInvoiced[line {line.Number}]", $"adjusts {line.Adjusts!.Period}, not {adjustment.For.Period}"));
        problems.AddRange(InvoiceDecision.ChargeProblems(adjustment.Rerated, "Rerated", invoice.Currency, adjustment.For.Period));
        foreach (var line in adjustment.AlreadyInvoiced.Where(l => l.Amount.Currency != invoice.Currency))
            problems.Add(new($"AlreadyInvoiced[line {line.Number}].Amount", $"is in {line.Amount.Currency}, the invoice in {invoice.Currency}"));
        if (problems.Count > 0) throw CommandRefused.Invalid($"Late usage adjustment for invoice {invoice.Id} is invalid", problems);

        var current = invoice.Adjustments.FirstOrDefault(a => a.For.Period == adjustment.For.Period);
        var lines = adjustment.Lines(invoice.Currency);
        if (current is null ? lines.Count == 0 : CanonicalJson.SameData(current, adjustment)) return [];

        return InvoiceDecision.Chained(invoice, new LateUsageAdjusted(invoice.Id, adjustment, lines, command.Now, command.By));
    }
}
