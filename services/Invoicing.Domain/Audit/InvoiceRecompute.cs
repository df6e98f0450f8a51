using System.ComponentModel;
using System.Globalization;
using GpuBilling.HashChains;
using GpuBilling.Money;
using Invoicing.Credits;
using Invoicing.Invoices;

namespace Invoicing.Audit;

/// <summary>A line whose stored value is not what its inputs give.</summary>
/// <param name="Field">Which part of the line differs (Amount, Quantity, ...), or "Line" when one side has no such line.</param>
public sealed record LineDifference(int LineNumber, string Description, string Field, string Stored, string Recomputed)
{
    public override string ToString() => $"line {LineNumber} ({Description}): {Field} stored {Stored}, recomputed {Recomputed}";
}

/// <summary>A total (Subtotal, Tax, Total) whose stored value is not what the lines give.</summary>
public sealed record TotalDifference(string Field, Money Stored, Money Recomputed)
{
    public override string ToString() => $"{Field}: stored {Stored}, recomputed {Recomputed}";
}

/// <summary>A credit settlement line (Discount, Payment) whose stored value is not what the credit stream's draws give.</summary>
/// <param name="Field">Amount or Grants; "Line" when one side has no such line.</param>
public sealed record SettlementDifference(string Line, string Field, string Stored, string Recomputed)
{
    public override string ToString() => $"{Line}: {Field} stored {Stored}, recomputed {Recomputed}";
}

public sealed record RecomputeReport(
    string InvoiceId, string InvoiceNumber, IReadOnlyList<LineDifference> Lines, IReadOnlyList<TotalDifference> Totals,
    IReadOnlyList<SettlementDifference>? Settlement = null)
{
    /// <summary>Every line as recomputed, with how its amount follows from its figures: the same figures the invoice's documents show.</summary>
    public IReadOnlyList<RecomputedLine> RecomputedLines { get; init; } = [];

    public bool Matches => Lines.Count == 0 && Totals.Count == 0 && (Settlement?.Count ?? 0) == 0;
}

/// <summary>A line as recomputed, amounts in the invoice's currency, with the figures every document shows of it (<see cref="LineFigures"/>).</summary>
public sealed record RecomputedLine(
    int Number, string Description, decimal Quantity, string Unit, decimal UnitPrice, decimal Amount,
    [property: Description(LineFigures.SecondsDescription)] decimal? Seconds,
    [property: Description(LineFigures.HoursDescription)] decimal? Hours,
    LineCalculation Calculation)
{
    public static RecomputedLine Of(InvoiceLine line)
    {
        var figures = LineFigures.Of(line);
        return new(line.Number, line.Description, line.Quantity, line.Unit, line.UnitPrice.Amount, line.Amount.Amount, figures.Seconds, figures.Hours, figures.Calculation);
    }
}

/// <summary>
/// Recomputes an invoice from its inputs with the same function that finalized it and compares
/// with what was stored, line by line and total by total, to the minor unit. The inputs are the
/// invoice stream's own charges and adjustments (an auditor who re-rates the usage ledger passes
/// those charges instead); the hash chain, not this, proves that the inputs themselves were not edited.
/// Credit settling the invoice is an input too: the grants it drew on, as the tenant's credit stream
/// records the draws.
/// </summary>
public static class InvoiceRecompute
{
    /// <summary>Recompute a finalized invoice no credit settled from its replayed stream.</summary>
    public static RecomputeReport Compare(Invoice replayed) => Compare(replayed, credits: null);

    /// <summary>Recompute a finalized invoice from its replayed stream and the credit its tenant's credit stream says it drew.</summary>
    public static RecomputeReport Compare(Invoice replayed, CreditSettlement? credits)
    {
        var stored = replayed.Issued ?? throw new InvalidOperationException($"Invoice {replayed.Id} is not finalized; there is nothing stored to recompute.");
        return Compare(stored, replayed.Inputs(stored.TaxRate) with { Credits = credits });
    }

    public static RecomputeReport Compare(InvoiceFinalized stored, InvoiceInputs inputs)
    {
        var recomputed = InvoiceCalculation.Compute(inputs);
        var lines = CompareLines(stored.Lines, recomputed.Lines);

        var totals = new List<TotalDifference>();
        if (stored.Subtotal != recomputed.Subtotal) totals.Add(new("Subtotal", stored.Subtotal, recomputed.Subtotal));
        if (stored.Tax != recomputed.Tax) totals.Add(new("Tax", stored.Tax, recomputed.Tax));
        if (stored.Total != recomputed.Total) totals.Add(new("Total", stored.Total, recomputed.Total));
        var due = inputs.Credits is null ? (Money?)null : recomputed.AmountDue;
        if (stored.AmountDue != due)
            totals.Add(new("AmountDue", stored.AmountDue ?? stored.Total, due ?? recomputed.Total));

        List<SettlementDifference> settlement =
        [
            .. CompareSettlement("Discount", stored.Discount, recomputed.Discount),
            .. CompareSettlement("Payment", stored.Payment, recomputed.Payment),
        ];
        return new RecomputeReport(stored.InvoiceId, stored.InvoiceNumber, lines, totals, settlement)
        {
            RecomputedLines = [.. recomputed.Lines.Select(RecomputedLine.Of)],
        };
    }

    private static IEnumerable<SettlementDifference> CompareSettlement(string line, SettlementLine? stored, SettlementLine? recomputed)
    {
        if (stored is null && recomputed is null) yield break;
        if (stored is null || recomputed is null)
        {
            yield return new(line, "Line", stored is null ? "(none)" : "present", recomputed is null ? "(none)" : "present");
            yield break;
        }
        if (Exact(stored.Amount) != Exact(recomputed.Amount)) yield return new(line, "Amount", Exact(stored.Amount), Exact(recomputed.Amount));
        var (before, now) = (GrantsText(stored.Grants), GrantsText(recomputed.Grants));
        if (before != now) yield return new(line, "Grants", before, now);
    }

    /// <summary>Every field of every line that differs, lines matched by number; a line only one side has is one difference.</summary>
    public static IReadOnlyList<LineDifference> CompareLines(IReadOnlyList<InvoiceLine> stored, IReadOnlyList<InvoiceLine> recomputed)
    {
        var lines = new List<LineDifference>();
        for (var number = 1; number <= Math.Max(stored.Count, recomputed.Count); number++)
        {
            var before = stored.FirstOrDefault(l => l.Number == number);
            var now = recomputed.FirstOrDefault(l => l.Number == number);
            lines.AddRange(Differences(number, before, now));
        }
        return lines;
    }

    /// <summary>
    /// Two sets of a period's charges compared as the lines they are written as, numbered the same
    /// way: quantities and unit prices exactly, amounts to the minor unit (the invoice's own standard).
    /// An auditor who rates the accrued usage again compares what that gives with the charges the
    /// invoice stored.
    /// </summary>
    public static IReadOnlyList<LineDifference> CompareCharges(Currency currency, IReadOnlyList<ChargeLine> stored, IReadOnlyList<ChargeLine> recomputed) =>
        CompareLines(
            InvoiceCalculation.Compute(new InvoiceInputs(currency, stored, [], null)).Lines,
            InvoiceCalculation.Compute(new InvoiceInputs(currency, recomputed, [], null)).Lines);

    private static IEnumerable<LineDifference> Differences(int number, InvoiceLine? stored, InvoiceLine? recomputed)
    {
        if (stored is null || recomputed is null)
        {
            yield return new LineDifference(number, (stored ?? recomputed)!.Description, "Line",
                stored is null ? "(none)" : "present", recomputed is null ? "(none)" : "present");
            yield break;
        }

        var fields = new (string Field, string Stored, string Recomputed)[]
        {
            ("Description", stored.Description, recomputed.Description),
            ("Meter", stored.Meter, recomputed.Meter),
            ("PriceKey", stored.PriceKey, recomputed.PriceKey),
            ("Quantity", Exact(stored.Quantity), Exact(recomputed.Quantity)),
            ("Unit", stored.Unit, recomputed.Unit),
            ("UnitPrice", Exact(stored.UnitPrice), Exact(recomputed.UnitPrice)),
            // Exact text without trailing zeros: 12.30 and 12.3 agree, 12.30 and 12.31 (one minor unit) do not.
            ("Amount", Exact(stored.Amount), Exact(recomputed.Amount)),
            ("Lineage", CanonicalJson.Of(stored.Lineage), CanonicalJson.Of(recomputed.Lineage)),
            ("Adjusts", stored.Adjusts is null ? "" : CanonicalJson.Of(stored.Adjusts), recomputed.Adjusts is null ? "" : CanonicalJson.Of(recomputed.Adjusts)),
        };
        foreach (var (field, before, now) in fields.Where(f => f.Stored != f.Recomputed))
            yield return new LineDifference(number, recomputed.Description, field, before, now);
    }

    private static string GrantsText(IReadOnlyList<GrantDraw> grants) => string.Join(", ", grants.Select(g => $"{g.GrantId} {Exact(g.Amount)}"));

    private static string Exact(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static string Exact(Money money) => $"{Exact(money.Amount)} {money.Currency}";
}
