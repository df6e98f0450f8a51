using GpuBilling.Decisions;
using GpuBilling.Periods;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Credits;
using Invoicing.Periods;

namespace Invoicing.Invoices.Finalizing;

/// <summary>
/// Finalize the invoice as <paramref name="InvoiceNumber"/> on the account's current terms, given
/// the completeness check for its period, as of <paramref name="Now"/>.
/// </summary>
/// <param name="InvoiceNumber">
/// The next number of the issuer's gapless counter, taken in the same transaction that appends
/// the result. If the decision holds the invoice instead, that transaction must not advance the counter.
/// </param>
/// <param name="Credits">What the invoice drew on the tenant's credit, settled in the same transaction; none where no credit settles it.</param>
public sealed record FinalizeInvoice(
    string InvoiceId,
    string InvoiceNumber,
    BillingAccount Account,
    Reconciliation Reconciliation,
    DateTimeOffset Now,
    Actor By,
    CreditSettlement? Credits = null);

public static partial class FinalizeDecision
{
    /// <summary>
    /// At the period's end plus grace anyone (the period closer) may finalize; before that only an
    /// operator. A mismatch in the completeness check holds the invoice instead: never finalized
    /// silently. A held invoice must be released (reconciled) first. Finalizing again with the
    /// same number (a retried transaction that had in fact committed) adds nothing.
    /// </summary>
    public static IReadOnlyList<InvoiceEvent> Decide(FinalizeInvoice command, Invoice? state)
    {
        var invoice = InvoiceDecision.Existing(state, command.InvoiceId);
        switch (invoice.Status)
        {
            case InvoiceStatus.Finalized when invoice.Issued!.InvoiceNumber == command.InvoiceNumber:
                return [];
            case InvoiceStatus.Finalized:
                throw CommandRefused.Conflict($"Invoice {invoice.Id} is already finalized as {invoice.Issued!.InvoiceNumber}; it cannot become {command.InvoiceNumber}.");
            case InvoiceStatus.Voided:
                throw CommandRefused.Conflict($"Invoice {invoice.Id} was finalized as {invoice.Issued!.InvoiceNumber} and voided; it cannot be finalized again.");
            case InvoiceStatus.Held:
                throw CommandRefused.Conflict(
                    $"Invoice {invoice.Id} is held because {invoice.Hold!.Mismatch}; release it once ledger, rating and invoice agree, then finalize.");
        }

        var account = command.Account;
        if (string.IsNullOrWhiteSpace(command.InvoiceNumber))
            throw CommandRefused.Invalid("InvoiceNumber is required: a finalized invoice carries the next number of its issuer's series.");
        BillingAccountDecision.Validate(account);
        if (account.TenantId != invoice.TenantId || account.Currency != invoice.Currency)
            throw CommandRefused.Invalid(
                $"Invoice {invoice.Id} is {invoice.TenantId}'s in {invoice.Currency}; the account given is {account.TenantId}'s in {account.CurrencyCode}.");

        var closesAt = InvoiceStreams.ClosesAt(invoice.Period, account);
        var early = command.Now < closesAt;
        if (early) InvoiceDecision.RequireOperator(command.By, $"finalize invoice {invoice.Id} before it closes at {closesAt:O}");

        if (!command.Reconciliation.IsComplete)
        {
            return InvoiceDecision.Chained(invoice, new InvoiceHeld(
                invoice.Id, command.Reconciliation, command.Reconciliation.Describe(), command.Now, command.By));
        }

        var totals = InvoiceCalculation.Compute(invoice.Inputs(account.TaxRate) with { Credits = command.Credits });
        if (totals.Discount?.Amount.Amount > totals.Subtotal.Amount || totals.AmountDue.Amount < 0)
            throw CommandRefused.Invalid(
                $"Credit cannot settle invoice {invoice.Id} for more than it charges: subtotal {totals.Subtotal}, total {totals.Total}, " +
                $"promotional {totals.Discount?.Amount.ToString() ?? "none"}, purchased {totals.Payment?.Amount.ToString() ?? "none"}.");
        // Dates are the tenant's: an invoice finalized at 23:30 in New York is dated that day, not UTC's next.
        var issueDate = LocalDays.DateOf(command.Now, TimeZoneInfo.FindSystemTimeZoneById(invoice.TimeZoneId));
        return InvoiceDecision.Chained(invoice, new InvoiceFinalized(
            invoice.Id, invoice.TenantId, account.IssuerId, command.InvoiceNumber, invoice.Period,
            account.Issuer, account.Customer,
            totals.Lines, totals.Subtotal, totals.TaxRate, totals.Tax, totals.Total,
            issueDate, issueDate.AddDays(account.PaymentTermsDays),
            early ? FinalizationTrigger.EarlyByOperator : FinalizationTrigger.PeriodClosed,
            command.Reconciliation, command.Now, command.By,
            totals.Discount, totals.Payment, command.Credits is null ? null : totals.AmountDue));
    }
}
