using Invoicing.Invoices;
using JasperFx.Events;
using Pricing.Accrual;

namespace Audit.Lineage;

/// <summary>
/// What one invoice line charges, traced back to the usage ledger: every accrued quantity behind
/// it, each with the accrual event that holds it, the ledger event and stream (node and UTC hour)
/// it came from, and the exact seconds. A page of them, in accrual order.
/// </summary>
/// <param name="Basis">How the line relates to its sources, in words.</param>
/// <param name="After">Pass as <c>after</c> to read the next page; null on the last.</param>
public sealed record LineLineage(
    string InvoiceId,
    int LineNumber,
    string Description,
    string Meter,
    string PriceKey,
    string RateCardId,
    int RateCardVersion,
    string? AccrualStream,
    long? TotalsVersion,
    string Basis,
    IReadOnlyList<LedgerSource> Sources,
    long? After);

/// <summary>
/// One allocation's usage under the line's price, from one ledger event.
/// <see cref="LedgerStream"/> is null only if the ledger event the accrual names is gone (an
/// auditor's finding: the recompute reports it too).
/// </summary>
public sealed record LedgerSource(
    long AccrualVersion,
    string LedgerEventId,
    string? LedgerStream,
    string GpuUuid,
    string WorkloadId,
    IReadOnlyList<SecondsRange> Seconds,
    long GpuSeconds,
    decimal EnergyJoules);

/// <summary>Seconds <c>[From, To)</c>, in UTC.</summary>
public sealed record SecondsRange(DateTimeOffset From, DateTimeOffset To);

public static class LineLineageOf
{
    /// <summary>
    /// The sources of <paramref name="line"/> among <paramref name="accruals"/> (one page of the
    /// accrual stream, versions after the previous page, at most the line's version), each ledger
    /// event named by its stream through <paramref name="ledgerStreams"/>.
    /// </summary>
    public static LineLineage Of(
        string invoiceId, InvoiceLine line, IReadOnlyList<IEvent> accruals, IReadOnlyDictionary<string, string> ledgerStreams, long? after)
    {
        var sources = accruals
            .Where(e => e.Data is UsageAccrued accrued && accrued.RateCardId == line.Lineage.RateCardId)
            .SelectMany(e => ((UsageAccrued)e.Data).Quantities
                .Where(q => q.RateCardVersion == line.Lineage.RateCardVersion && q.Key.ToString() == line.PriceKey)
                .Select(q => SourceOf(e.Version, (UsageAccrued)e.Data, q, ledgerStreams)))
            .ToList();
        return new LineLineage(
            invoiceId, line.Number, line.Description, line.Meter, line.PriceKey,
            line.Lineage.RateCardId, line.Lineage.RateCardVersion, line.Lineage.AccrualStream, line.Lineage.TotalsVersion,
            BasisOf(line), sources, after);
    }

    /// <summary>Whether a line is charged from metered usage at all: fixed charges (reserved GPUs, commitments) have no ledger behind them.</summary>
    public static bool IsMetered(InvoiceLine line) => line.Lineage.AccrualStream is not null && line.Meter is "gpu-time" or "energy";

    private static string BasisOf(InvoiceLine line) =>
        !IsMetered(line)
            ? "A fixed charge of the rate card version for the period: no metered usage is behind it."
            : line.Adjusts is { } adjusted
                ? $"Late usage of the period of invoice {adjusted.InvoiceNumber}: the line is that period re-rated up to accrual version {line.Lineage.TotalsVersion} minus what was invoiced for it; these are all the period's sources up to that version."
                : $"Every quantity accrued at this price up to accrual version {line.Lineage.TotalsVersion}; the line's quantity is their billable total (tiers split one price's total over several lines).";

    private static LedgerSource SourceOf(long version, UsageAccrued accrued, AccruedQuantity quantity, IReadOnlyDictionary<string, string> ledgerStreams) =>
        new(version,
            accrued.SourceId,
            ledgerStreams.GetValueOrDefault(accrued.SourceId),
            quantity.GpuUuid,
            quantity.WorkloadId,
            [.. quantity.Runs.Select(r => new SecondsRange(r.From, r.To))],
            quantity.Seconds,
            quantity.EnergyJoules);
}
