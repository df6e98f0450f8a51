using GpuBilling.Money;
using Invoicing.Invoices;

namespace Invoicing.Credits;

/// <summary>The grants an invoice drew on, by kind: what its discount and payment lines are written from.</summary>
public sealed record CreditSettlement(IReadOnlyList<GrantDraw> Promotional, IReadOnlyList<GrantDraw> Purchased);

/// <summary>
/// The settlement rule, one function for every draw and for the invoice's lines: promotional credit
/// reduces the amount before tax (it is a discount: nothing was paid for it, so no tax is due on
/// it), tax is on what is left, and purchased credit pays the total after tax (it is money the
/// tenant already paid). Neither ever exceeds what it settles, so the amount due is never negative.
/// </summary>
public static class SettlementRule
{
    /// <summary>How much of each kind settles <paramref name="charges"/> (rounded lines, before tax), given what of each kind may be used.</summary>
    public static (Money Promotional, Money Purchased) Of(Money charges, decimal? taxRate, Money promotionalAvailable, Money purchasedAvailable)
    {
        var promotional = Min(promotionalAvailable, NotNegative(charges));
        var afterDiscount = charges - promotional;
        var total = afterDiscount + InvoiceCalculation.TaxOn(afterDiscount, taxRate);
        return (promotional, Min(purchasedAvailable, NotNegative(total)));
    }

    private static Money Min(Money a, Money b) => a.Amount <= b.Amount ? a : b;

    private static Money NotNegative(Money m) => m.Amount < 0 ? Money.Zero(m.Currency) : m;
}
