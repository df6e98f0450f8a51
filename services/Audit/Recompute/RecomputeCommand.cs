namespace Audit.Recompute;

/// <summary>
/// `Audit.dll recompute INVOICE-ID [--lines]`: the endpoint's report for an auditor at a shell, exiting 0
/// when everything matches, 1 on any difference and 2 when it could not recompute at all. With
/// `--lines` it also prints every line as recomputed and how its amount follows from its figures;
/// without it the report reads as it always has, so scripts that compare reports keep working.
/// </summary>
public static class RecomputeCommand
{
    public const int Matches = 0;
    public const int Differs = 1;
    public const int Failed = 2;

    private const string LinesOption = "--lines";

    public static async Task<int> RunAsync(string? connectionString, IReadOnlyList<string> arguments, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (arguments is not ([_] or [_, LinesOption]) || arguments[0] == LinesOption)
        {
            await errors.WriteLineAsync($"Usage: Audit.dll recompute INVOICE-ID [{LinesOption}] (reads ConnectionStrings:Postgres, e.g. ConnectionStrings__Postgres=...)");
            return Failed;
        }
        var invoiceId = arguments[0];
        if (RecomputeEndpoint.ProblemWith(invoiceId) is { } problem)
        {
            await errors.WriteLineAsync(problem);
            return Failed;
        }
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await errors.WriteLineAsync("ConnectionStrings:Postgres is not set.");
            return Failed;
        }

        try
        {
            await using var stores = new AuditedStores(connectionString);
            if (await new EvidenceReader(stores).ReadAsync(invoiceId, cancellationToken) is not { } evidence)
            {
                await errors.WriteLineAsync($"There is no invoice {invoiceId}.");
                return Failed;
            }
            var report = FullRecompute.Of(evidence);
            await output.WriteAsync(Render(report));
            if (arguments is [_, LinesOption]) await output.WriteAsync(RenderLines(report));
            return report.Matches ? Matches : Differs;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await errors.WriteLineAsync($"Could not recompute {invoiceId}: {e}");
            return Failed;
        }
    }

    public static string Render(FullRecomputeReport report)
    {
        var text = new StringWriter();
        text.WriteLine($"Invoice {report.InvoiceId}{(report.InvoiceNumber is { } number ? $" ({number})" : " (not finalized)")}, recomputed from the usage ledger through rating to its lines");
        text.WriteLine("Streams:");
        foreach (var chain in report.Chains) text.WriteLine($"  {chain}");
        text.WriteLine($"Invoice hop (stored charges to lines): {Verdict(report.Invoice.Matches)}");
        var rating = report.Rating;
        text.WriteLine($"Rating hop ({rating.AccrualStream} up to version {rating.TotalsVersion}, rate card {rating.RateCardId ?? "(none)"}, to charges): {Verdict(rating.Matches)}");
        var ledger = report.Ledger;
        text.WriteLine($"Ledger hop ({ledger.SourcesChecked} accrual events from their ledger events): {Verdict(ledger.Matches)}");
        if (ledger.Reconciliation is { } reconciliation) text.WriteLine($"  {reconciliation}");
        text.WriteLine(report.Matches ? "MATCHES: every line and total follows from the usage ledger." : $"DIFFERS ({report.Findings.Count} findings):");
        foreach (var finding in report.Findings) text.WriteLine($"  - {finding}");
        return text.ToString();
    }

    /// <summary>Each line as recomputed from the invoice's stored charges, with its figures; nothing for an invoice not finalized.</summary>
    public static string RenderLines(FullRecomputeReport report)
    {
        if (report.Invoice.Recompute is not { } recompute) return "";
        var text = new StringWriter();
        text.WriteLine("Lines (as recomputed):");
        foreach (var line in recompute.RecomputedLines)
            text.WriteLine($"  {line.Number}. {line.Description}: {line.Calculation.Explanation}");
        return text.ToString();
    }

    private static string Verdict(bool matches) => matches ? "matches" : "differs";
}
