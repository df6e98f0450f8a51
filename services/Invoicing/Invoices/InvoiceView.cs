using System.ComponentModel;
using GpuBilling.Periods;
using Invoicing.Ratings;

namespace Invoicing.Invoices;

/// <summary>
/// An invoice as the API shows it. A finalized (or voided) invoice shows the document as issued;
/// a draft or held one shows what it would be if it closed now: the period's latest charges and
/// adjustments, computed by the same function that finalizes, so a tenant watches its running costs.
/// </summary>
public sealed record InvoiceView(
    string Id,
    string TenantId,
    InvoiceStatus Status,
    string? InvoiceNumber,
    BillingPeriod Period,
    string Currency,
    IReadOnlyList<InvoiceLineView> Lines,
    decimal Subtotal,
    decimal? TaxRate,
    decimal Tax,
    decimal Total,
    DateOnly? IssueDate,
    DateOnly? DueDate,
    FinalizationTrigger? Trigger,
    Reconciliation? Reconciliation,
    string? HeldBecause,
    IReadOnlyList<CreditNoteView> CreditNotes,
    long TotalsVersion,
    long Version)
{
    /// <summary>Promotional credit taken off before tax, on an invoice credit settled; <see cref="Total"/> is after it.</summary>
    public SettlementLineView? Discount { get; init; }

    /// <summary>Purchased credit paying part or all of <see cref="Total"/>.</summary>
    public SettlementLineView? Payment { get; init; }

    /// <summary>What is left to pay, on an invoice credit settled; elsewhere the total is due.</summary>
    public decimal? AmountDue { get; init; }

    public static InvoiceView Of(Invoice invoice, long version, PeriodCharges? latest, decimal? taxRate)
    {
        if (invoice.Issued is { } issued)
        {
            return new InvoiceView(invoice.Id, invoice.TenantId, invoice.Status, issued.InvoiceNumber, invoice.Period, invoice.Currency.Code,
                [.. issued.Lines.Select(InvoiceLineView.Of)], issued.Subtotal.Amount, issued.TaxRate, issued.Tax.Amount, issued.Total.Amount,
                issued.IssueDate, issued.DueDate, issued.Trigger, issued.Reconciliation, null,
                [.. invoice.CreditNotes.Select(CreditNoteView.Of)], invoice.TotalsVersion, version)
            {
                Discount = SettlementLineView.Of(issued.Discount), Payment = SettlementLineView.Of(issued.Payment), AmountDue = issued.AmountDue?.Amount,
            };
        }

        var draft = latest is not null && latest.TotalsVersion > invoice.TotalsVersion
            ? invoice with { Charges = latest.ChargeLines(), TotalsVersion = latest.TotalsVersion }
            : invoice;
        var totals = InvoiceCalculation.Compute(draft.Inputs(taxRate));
        return new InvoiceView(invoice.Id, invoice.TenantId, invoice.Status, null, invoice.Period, invoice.Currency.Code,
            [.. totals.Lines.Select(InvoiceLineView.Of)], totals.Subtotal.Amount, totals.TaxRate, totals.Tax.Amount, totals.Total.Amount,
            null, null, null, invoice.Hold?.Reconciliation, invoice.Hold?.Mismatch, [], draft.TotalsVersion, version);
    }
}

/// <summary>
/// An invoice line, amounts in the invoice's currency: the quantity exact (GPU-hours may run to 28
/// digits), the unit price unrounded, the amount as written; beside them the figures an accountant
/// checks it by (<see cref="LineFigures"/>): the exact GPU-seconds, the GPU-hours to six places, and
/// how the amount was computed.
/// </summary>
public sealed record InvoiceLineView(
    int Number,
    string Description,
    string Meter,
    string PriceKey,
    [property: Description("The quantity in its unit, exact: GPU-hours are seconds ÷ 3600 and may run to 28 digits.")] decimal Quantity,
    string Unit,
    decimal UnitPrice,
    decimal Amount,
    ChargeLineage Lineage,
    LateUsageOf? Adjusts,
    [property: Description(LineFigures.SecondsDescription)] decimal? Seconds,
    [property: Description(LineFigures.HoursDescription)] decimal? Hours,
    LineCalculation Calculation)
{
    public static InvoiceLineView Of(InvoiceLine line)
    {
        var figures = LineFigures.Of(line);
        return new(line.Number, line.Description, line.Meter, line.PriceKey, line.Quantity, line.Unit, line.UnitPrice.Amount, line.Amount.Amount,
            line.Lineage, line.Adjusts, figures.Seconds, figures.Hours, figures.Calculation);
    }
}

/// <summary>A credit note, amounts in <see cref="Currency"/> (the invoice's): it is also answered on its own, where no invoice says which.</summary>
public sealed record CreditNoteView(
    string CreditNoteNumber,
    string Currency,
    IReadOnlyList<CreditedLineView> Lines,
    decimal Subtotal,
    decimal Tax,
    decimal Total,
    string Reason,
    DateOnly IssueDate)
{
    public static CreditNoteView Of(CreditNoteIssued note) =>
        new(note.CreditNoteNumber, note.Total.Currency.Code, [.. note.Lines.Select(l => new CreditedLineView(l.LineNumber, l.Description, l.Amount.Amount))],
            note.Subtotal.Amount, note.Tax.Amount, note.Total.Amount, note.Reason, note.IssueDate);
}

public sealed record CreditedLineView(int LineNumber, string Description, decimal Amount);

/// <summary>A credit settlement line: what it takes off (positive) and the grants it drew on.</summary>
public sealed record SettlementLineView(string Description, decimal Amount, IReadOnlyList<GrantAmountView> Grants)
{
    public static SettlementLineView? Of(SettlementLine? line) =>
        line is null ? null : new(line.Description, line.Amount.Amount, [.. line.Grants.Select(g => new GrantAmountView(g.GrantId, g.Amount.Amount))]);
}

public sealed record GrantAmountView(string GrantId, decimal Amount);
