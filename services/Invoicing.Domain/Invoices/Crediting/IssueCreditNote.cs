using GpuBilling.Decisions;
using GpuBilling.Money;
using GpuBilling.Periods;
using Invoicing.Audit;
using Invoicing.Periods;

namespace Invoicing.Invoices.Crediting;

/// <summary>
/// Issue credit note <paramref name="CreditNoteNumber"/> (from its own gapless series, like invoice
/// numbers) against lines of a finalized invoice, as of <paramref name="Now"/>.
/// </summary>
public sealed record IssueCreditNote(
    string InvoiceId,
    string CreditNoteNumber,
    IReadOnlyList<CreditRequest> Lines,
    string Reason,
    DateTimeOffset Now,
    Actor By);

/// <summary>Give back <paramref name="Amount"/> (positive, in whole minor units) of invoice line <paramref name="LineNumber"/>.</summary>
public sealed record CreditRequest(int LineNumber, Money Amount);

public static class CreditNoteDecision
{
    /// <summary>
    /// Mistakes are compensated, never edited away: a credit note gives back part of lines, never
    /// more than a line has left. Its tax keeps the tax credited so far equal to the tax on
    /// everything credited so far (rounded once), so several partial credits never give back more
    /// tax than the invoice charged.
    /// </summary>
    public static IReadOnlyList<InvoiceEvent> Decide(IssueCreditNote command, Invoice? state)
    {
        var invoice = InvoiceDecision.Existing(state, command.InvoiceId);
        InvoiceDecision.RequireOperator(command.By, $"issue a credit note on invoice {invoice.Id}");
        var issued = invoice.Status switch
        {
            InvoiceStatus.Finalized => invoice.Issued!,
            InvoiceStatus.Voided => throw CommandRefused.Conflict($"Invoice {invoice.Issued!.InvoiceNumber} is voided; nothing on it is owed to credit."),
            _ => throw CommandRefused.Conflict($"Invoice {invoice.Id} is not finalized; a draft is corrected by its charges, not by credit notes."),
        };

        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(command.CreditNoteNumber)) problems.Add(new(nameof(command.CreditNoteNumber), "is required"));
        if (string.IsNullOrWhiteSpace(command.Reason)) problems.Add(new(nameof(command.Reason), "is required: a credit note says why"));
        if (command.Lines.Count == 0) problems.Add(new(nameof(command.Lines), "must credit at least one line"));
        foreach (var number in command.Lines.GroupBy(l => l.LineNumber).Where(g => g.Count() > 1).Select(g => g.Key))
            problems.Add(new(nameof(command.Lines), $"name line {number} more than once"));
        for (var i = 0; i < command.Lines.Count; i++)
        {
            var request = command.Lines[i];
            var at = $"Lines[{i}]";
            if (issued.Lines.All(l => l.Number != request.LineNumber))
                problems.Add(new($"{at}.LineNumber", $"{request.LineNumber} is not a line of invoice {issued.InvoiceNumber} (it has lines 1 to {issued.Lines.Count})"));
            if (request.Amount.Currency != invoice.Currency)
                problems.Add(new($"{at}.Amount", $"is in {request.Amount.Currency}, the invoice in {invoice.Currency}"));
            else if (request.Amount.Amount <= 0)
                problems.Add(new($"{at}.Amount", $"must be more than zero; {request.Amount} is not"));
            else if (!request.Amount.IsRounded)
                problems.Add(new($"{at}.Amount", $"must be in whole minor units of {invoice.Currency}; {request.Amount} is not"));
        }
        if (invoice.CreditNotes.Any(n => n.CreditNoteNumber == command.CreditNoteNumber))
            throw CommandRefused.Conflict($"Credit note {command.CreditNoteNumber} is already issued on invoice {issued.InvoiceNumber}.");
        if (problems.Count > 0) throw CommandRefused.Invalid($"Credit note for invoice {issued.InvoiceNumber} is invalid", problems);

        var credited = new List<CreditedLine>();
        foreach (var request in command.Lines)
        {
            var line = issued.Lines.Single(l => l.Number == request.LineNumber);
            var creditable = invoice.Creditable(line);
            if (request.Amount.Amount > creditable.Amount)
                throw CommandRefused.Conflict(
                    $"Line {line.Number} of invoice {issued.InvoiceNumber} ({line.Description}) has {creditable} left to credit; {request.Amount} was asked.");
            credited.Add(new CreditedLine(line.Number, line.Description, request.Amount));
        }

        var subtotal = InvoiceCalculation.Sum(credited.Select(c => c.Amount), invoice.Currency);
        var tax = InvoiceCalculation.TaxOn(invoice.CreditedSubtotal + subtotal, issued.TaxRate) - invoice.CreditedTax;
        var issueDate = LocalDays.DateOf(command.Now, TimeZoneInfo.FindSystemTimeZoneById(invoice.TimeZoneId));
        return InvoiceDecision.Chained(invoice, new CreditNoteIssued(
            invoice.Id, command.CreditNoteNumber, issued.InvoiceNumber, credited,
            subtotal, tax, subtotal + tax, command.Reason, issueDate, command.Now, command.By));
    }
}
