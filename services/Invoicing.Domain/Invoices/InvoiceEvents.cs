using GpuBilling.HashChains;
using GpuBilling.Money;
using GpuBilling.Periods;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Periods;

namespace Invoicing.Invoices;

/// <summary>
/// An event of one invoice stream: one tenant, one billing period (<see cref="InvoiceKey"/>).
/// Each says when it happened and who caused it, and is chained to the one before it.
/// </summary>
public abstract record InvoiceEvent(string InvoiceId, DateTimeOffset OccurredAt, Actor CausedBy) : ChainedEvent;

/// <summary>
/// A draft invoice exists for the period. The zone is kept so that issue, due and credit-note
/// dates are the tenant's local dates.
/// </summary>
public sealed record InvoiceDraftOpened(
    string InvoiceId,
    string TenantId,
    BillingPeriod Period,
    Currency Currency,
    string TimeZoneId,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : InvoiceEvent(InvoiceId, OccurredAt, CausedBy);

/// <summary>
/// The period's charges as rated from totals version <paramref name="TotalsVersion"/>; they replace
/// the draft's previous charges (totals only grow, so the latest says everything).
/// </summary>
/// <param name="MeteredGpuSeconds">
/// The GPU-seconds as metered that the charges were rated from (before increments and minimums),
/// what the invoice's side of the completeness check is. Absent from events written before it
/// existed; a null is left out of the hash, so their chain stays valid.
/// </param>
public sealed record InvoiceDraftUpdated(
    string InvoiceId,
    long TotalsVersion,
    IReadOnlyList<ChargeLine> Charges,
    DateTimeOffset OccurredAt,
    Actor CausedBy,
    long? MeteredGpuSeconds = null) : InvoiceEvent(InvoiceId, OccurredAt, CausedBy);

/// <summary>
/// Late usage of an earlier, finalized period is charged on this draft. The inputs are kept with
/// the lines they give, so an auditor can recompute the adjustment; a later adjustment for the
/// same period replaces this one while the draft is open.
/// </summary>
public sealed record LateUsageAdjusted(
    string InvoiceId,
    LateUsageAdjustment Adjustment,
    IReadOnlyList<ChargeLine> Lines,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : InvoiceEvent(InvoiceId, OccurredAt, CausedBy);

/// <summary>The completeness check found the ledger, rating and the draft disagree; the invoice waits until they agree.</summary>
public sealed record InvoiceHeld(
    string InvoiceId,
    Reconciliation Reconciliation,
    string Mismatch,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : InvoiceEvent(InvoiceId, OccurredAt, CausedBy);

/// <summary>The figures now agree; the invoice is a draft again, to be finalized by the period closer or an operator.</summary>
public sealed record InvoiceReleased(
    string InvoiceId,
    Reconciliation Reconciliation,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : InvoiceEvent(InvoiceId, OccurredAt, CausedBy);

public enum FinalizationTrigger
{
    /// <summary>The period ended and its grace passed.</summary>
    PeriodClosed,

    /// <summary>An operator finalized before the period's end plus grace.</summary>
    EarlyByOperator,
}

/// <summary>
/// The invoice as issued: the legal document. It carries everything printed on it (numbers,
/// parties, lines, totals, dates), copied rather than referenced, so it reads the same forever.
/// </summary>
/// <param name="Discount">Promotional credit taken off before tax; <paramref name="Total"/> is after it.</param>
/// <param name="Payment">Purchased credit paying part or all of <paramref name="Total"/>.</param>
/// <param name="AmountDue">What is left to pay, where credit settled any of it. The three are absent
/// from invoices no credit settled (and from every invoice written before credits existed); a null is
/// left out of the hash, so their chains stay valid and they read as before.</param>
public sealed record InvoiceFinalized(
    string InvoiceId,
    string TenantId,
    string IssuerId,
    string InvoiceNumber,
    BillingPeriod Period,
    LegalParty Issuer,
    LegalParty Customer,
    IReadOnlyList<InvoiceLine> Lines,
    Money Subtotal,
    decimal? TaxRate,
    Money Tax,
    Money Total,
    DateOnly IssueDate,
    DateOnly DueDate,
    FinalizationTrigger Trigger,
    Reconciliation Reconciliation,
    DateTimeOffset OccurredAt,
    Actor CausedBy,
    SettlementLine? Discount = null,
    SettlementLine? Payment = null,
    Money? AmountDue = null) : InvoiceEvent(InvoiceId, OccurredAt, CausedBy);

/// <summary>An operator cancelled a finalized invoice. It stays in history with its number; nothing about it is owed.</summary>
public sealed record InvoiceVoided(
    string InvoiceId,
    string InvoiceNumber,
    string Reason,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : InvoiceEvent(InvoiceId, OccurredAt, CausedBy);

/// <summary>
/// A credit note against lines of this finalized invoice: how mistakes are corrected without
/// editing it. Amounts are positive (what is given back); tax is what keeps the credited tax equal
/// to the tax on everything credited so far.
/// </summary>
public sealed record CreditNoteIssued(
    string InvoiceId,
    string CreditNoteNumber,
    string InvoiceNumber,
    IReadOnlyList<CreditedLine> Lines,
    Money Subtotal,
    Money Tax,
    Money Total,
    string Reason,
    DateOnly IssueDate,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : InvoiceEvent(InvoiceId, OccurredAt, CausedBy);

/// <summary>Part of a credit note: how much of one invoice line is given back.</summary>
public sealed record CreditedLine(int LineNumber, string Description, Money Amount);
