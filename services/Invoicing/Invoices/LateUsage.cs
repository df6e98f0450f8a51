using Invoicing.Audit;
using Invoicing.Periods;
using GpuBilling.HashChains;
using GpuBilling.Money;
using GpuBilling.Periods;

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

/// <summary>
/// Charge late usage of the finalized period <c>Adjustment.For</c> on the open invoice
/// <paramref name="InvoiceId"/> of a later period, as of <paramref name="Now"/>.
/// </summary>
public sealed record AdjustForLateUsage(string InvoiceId, LateUsageAdjustment Adjustment, DateTimeOffset Now, Actor By);

public static partial class InvoiceDecision
{
    /// <summary>
    /// A finalized invoice never changes, so its late usage is charged here instead. While this
    /// invoice is open, a newer adjustment for the same period replaces the older one (it was
    /// computed from the newer re-rating), and the same one twice adds nothing.
    /// </summary>
    public static IReadOnlyList<InvoiceEvent> Decide(AdjustForLateUsage command, Invoice? state)
    {
        var invoice = Existing(state, command.InvoiceId);
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
        problems.AddRange(ChargeProblems(adjustment.Rerated, "Rerated", invoice.Currency, adjustment.For.Period));
        foreach (var line in adjustment.AlreadyInvoiced.Where(l => l.Amount.Currency != invoice.Currency))
            problems.Add(new($"AlreadyInvoiced[line {line.Number}].Amount", $"is in {line.Amount.Currency}, the invoice in {invoice.Currency}"));
        if (problems.Count > 0) throw CommandRefused.Invalid($"Late usage adjustment for invoice {invoice.Id} is invalid", problems);

        var current = invoice.Adjustments.FirstOrDefault(a => a.For.Period == adjustment.For.Period);
        var lines = adjustment.Lines(invoice.Currency);
        if (current is null ? lines.Count == 0 : CanonicalJson.SameData(current, adjustment)) return [];

        return Chained(invoice, new LateUsageAdjusted(invoice.Id, adjustment, lines, command.Now, command.By));
    }
}
