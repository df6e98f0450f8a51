using GpuBilling.Money;
using Invoicing.Credits;

namespace Invoicing.Invoices;

/// <summary>Everything an invoice's lines and totals are computed from.</summary>
/// <param name="Credits">The grants the invoice drew on, from the tenant's credit stream; none for an invoice no credit settles.</param>
public sealed record InvoiceInputs(
    Currency Currency,
    IReadOnlyList<ChargeLine> Charges,
    IReadOnlyList<LateUsageAdjustment> Adjustments,
    decimal? TaxRate,
    CreditSettlement? Credits = null);

/// <summary>The lines and totals of an invoice as written; the discount and payment lines only where credit settles it.</summary>
public sealed record InvoiceTotals(
    IReadOnlyList<InvoiceLine> Lines, Money Subtotal, decimal? TaxRate, Money Tax, Money Total, SettlementLine? Discount = null, SettlementLine? Payment = null)
{
    /// <summary>What is left to pay once purchased credit has paid its part.</summary>
    public Money AmountDue => Payment is { } payment ? Total - payment.Amount : Total;
}

/// <summary>
/// Credit settling an invoice, as printed: a discount (promotional credit, before tax) or a payment
/// (purchased credit, after tax). <paramref name="Amount"/> is what it takes off, a positive amount,
/// and <paramref name="Grants"/> the grants it drew on, in the consumption order.
/// </summary>
public sealed record SettlementLine(string Description, Money Amount, IReadOnlyList<GrantDraw> Grants);

/// <summary>
/// The one way an invoice's figures are computed, used both to finalize and to recompute, so the
/// two cannot drift apart. The rule: each line is rounded once, half to even at the currency's
/// minor unit (<see cref="Money.RoundToMinorUnit"/>); the subtotal is the sum of the rounded lines
/// (so the printed lines add up to the printed subtotal); tax is the subtotal times the rate,
/// rounded once by the same rule; the total is subtotal plus tax. Where credit settles the invoice
/// (<see cref="SettlementRule"/>), promotional credit is a discount taken off the subtotal before
/// tax, and purchased credit a payment taken off the total: the amount due is what is left.
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
        var discount = SettlementLineOf("Promotional credit", inputs.Credits?.Promotional, inputs.Currency);
        var taxed = discount is null ? subtotal : subtotal - discount.Amount;
        var tax = TaxOn(taxed, inputs.TaxRate);
        var payment = SettlementLineOf("Paid from purchased credit", inputs.Credits?.Purchased, inputs.Currency);
        return new InvoiceTotals(lines, subtotal, inputs.TaxRate, tax, taxed + tax, discount, payment);
    }

    private static SettlementLine? SettlementLineOf(string description, IReadOnlyList<GrantDraw>? grants, Currency currency) =>
        grants is { Count: > 0 }
            ? new SettlementLine($"{description} ({string.Join(", ", grants.Select(g => g.GrantId))})", Sum(grants.Select(g => g.Amount), currency), grants)
            : null;

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
