using GpuBilling.Money;
using GpuBilling.Periods;
using Invoicing.Periods;

namespace Invoicing.Invoices;

/// <summary>The closed period a late-usage adjustment belongs to, and the invoice that billed it.</summary>
public sealed record LateUsageOf(BillingPeriod Period, string InvoiceId, string InvoiceNumber);

/// <summary>
/// Late usage of a finalized period, as inputs: the period re-rated with the late usage (from the
/// same totals, so tiers, commitments and minimums see the whole period) and the lines already
/// invoiced for it (the period's own invoice lines and every adjustment of it on invoices
/// finalized since). The adjustment is the difference, per charge.
/// </summary>
public sealed record LateUsageAdjustment(LateUsageOf For, IReadOnlyList<ChargeLine> Rerated, IReadOnlyList<InvoiceLine> AlreadyInvoiced)
{
    /// <summary>
    /// One line per charge key whose quantity or amount changed: (re-rated, each charge rounded as
    /// its line would have been written) minus (what was invoiced). Because both sides are
    /// amounts as printed, the adjustment makes the customer's bill exactly what it would have been
    /// had the usage come on time. It is negative where the late usage shrank a charge (a
    /// commitment shortfall, a volume tier reached).
    /// </summary>
    public IReadOnlyList<ChargeLine> Lines(Currency currency)
    {
        var rerated = Rerated.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.ToList());
        var invoiced = AlreadyInvoiced.GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.ToList());

        var lines = new List<ChargeLine>();
        foreach (var key in rerated.Keys.Union(invoiced.Keys).Order())
        {
            var now = rerated.GetValueOrDefault(key) ?? [];
            var before = invoiced.GetValueOrDefault(key) ?? [];
            var quantity = now.Sum(c => c.Quantity) - before.Sum(l => l.Quantity);
            var amount = InvoiceCalculation.Sum(now.Select(c => c.Amount.RoundToMinorUnit()), currency)
                         - InvoiceCalculation.Sum(before.Select(l => l.Amount), currency);
            if (quantity == 0 && amount.Amount == 0) continue;

            var (description, unitPrice, lineage) = now.Count > 0
                ? (now[0].Description, now[0].UnitPrice, now[0].Lineage with { Usage = [.. now.SelectMany(c => c.Lineage.Usage).Distinct()] })
                : (before[0].Description, before[0].UnitPrice, before[0].Lineage);
            lineage = lineage with { MeterQuantity = null };
            lines.Add(new ChargeLine(
                $"Late usage for {For.Period} (invoice {For.InvoiceNumber}): {description}",
                key.Meter, key.PriceKey, quantity, key.Unit, unitPrice, amount, lineage));
        }
        return lines;
    }
}
