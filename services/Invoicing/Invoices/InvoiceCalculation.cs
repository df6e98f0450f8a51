using GpuBilling.Money;

namespace Invoicing.Invoices;

/// <summary>Everything an invoice's lines and totals are computed from.</summary>
public sealed record InvoiceInputs(
    Currency Currency,
    IReadOnlyList<ChargeLine> Charges,
    IReadOnlyList<LateUsageAdjustment> Adjustments,
    decimal? TaxRate);

/// <summary>The lines and totals of an invoice as written.</summary>
public sealed record InvoiceTotals(IReadOnlyList<InvoiceLine> Lines, Money Subtotal, decimal? TaxRate, Money Tax, Money Total);

/// <summary>
/// The one way an invoice's figures are computed, used both to finalize and to recompute, so the
/// two cannot drift apart. The rule: each line is rounded once, half to even at the currency's
/// minor unit (<see cref="Money.RoundToMinorUnit"/>); the subtotal is the sum of the rounded lines
/// (so the printed lines add up to the printed subtotal); tax is the subtotal times the rate,
/// rounded once by the same rule; the total is subtotal plus tax.
/// </summary>
public static class InvoiceCalculation
{
    public static InvoiceTotals Compute(InvoiceInputs inputs)
    {
        var lines = new List<InvoiceLine>();
        foreach (var charge in InLineOrder(inputs.Charges))
            lines.Add(Written(lines.Count + 1, charge, adjusts: null));
        foreach (var adjustment in inputs.Adjustments.OrderBy(a => a.For.Period.Start))
        {
            foreach (var line in adjustment.Lines(inputs.Currency))
                lines.Add(Written(lines.Count + 1, line, adjustment.For));
        }

        var subtotal = Sum(lines.Select(l => l.Amount), inputs.Currency);
        var tax = TaxOn(subtotal, inputs.TaxRate);
        return new InvoiceTotals(lines, subtotal, inputs.TaxRate, tax, subtotal + tax);
    }

    /// <summary>Tax on an amount: rounded once, half to even; no rate, no tax.</summary>
    public static Money TaxOn(Money amount, decimal? rate) =>
        rate is { } r ? (amount * r).RoundToMinorUnit() : Money.Zero(amount.Currency);

    public static Money Sum(IEnumerable<Money> amounts, Currency currency) =>
        amounts.Aggregate(Money.Zero(currency), (sum, amount) => sum + amount);

    /// <summary>
    /// Lines are numbered by what they charge, not by the order rating happened to send them, so
    /// the same charges always get the same numbers (credit notes and auditors refer to them).
    /// </summary>
    public static IEnumerable<ChargeLine> InLineOrder(IEnumerable<ChargeLine> charges) =>
        charges.OrderBy(c => c.Key).ThenBy(c => c.Description, StringComparer.Ordinal);

    private static InvoiceLine Written(int number, ChargeLine charge, LateUsageOf? adjusts) =>
        new(number, charge.Description, charge.Meter, charge.PriceKey, charge.Quantity, charge.Unit,
            charge.UnitPrice, charge.Amount.RoundToMinorUnit(), charge.Lineage, adjusts);
}
