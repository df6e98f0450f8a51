using System.Text.Json.Serialization;
using GpuBilling.HashChains;
using Invoicing.Audit;
using Invoicing.Invoices;

namespace Audit.Recompute;

/// <summary>
/// An invoice recomputed from the usage ledger through rating to its lines, hop by hop, each hop
/// compared with what the next service stored. <see cref="Findings"/> says every difference in
/// words, hop by hop; the invoice matches when there is none.
/// </summary>
/// <param name="Invoice">The last hop (stored charges to lines, and the invoice's chain), exactly as invoicing's own recompute endpoint reports it.</param>
public sealed record FullRecomputeReport(
    string InvoiceId,
    string? InvoiceNumber,
    bool Matches,
    IReadOnlyList<ChainCheck> Chains,
    AuditReport Invoice,
    RatingHop Rating,
    LedgerHop Ledger,
    IReadOnlyList<string> Findings);

/// <summary>
/// One stream read (or, for the ledger's intact node-hour streams, several summed up), and whether
/// its hash chain proves its history unedited: where the chain first breaks, if it does. A broken
/// chain is a difference whatever the recomputation says, since an edit need not change a figure.
/// </summary>
public sealed record ChainCheck(string Kind, string Stream, int Events, BrokenLink? FirstBroken)
{
    /// <summary>How many streams this line stands for.</summary>
    public int Streams { get; init; } = 1;

    public bool Intact => FirstBroken is null;

    public override string ToString() =>
        FirstBroken is { } broken ? $"{Kind} {Stream}: first broken link: {broken}"
        : $"{Kind} {Stream}: {(Events == 1 ? "1 event" : $"{Events} events")}, {(Streams == 1 ? "chain intact" : $"{Streams} chains intact")}";
}

/// <summary>
/// The rating hop: the accrual stream read up to the version the invoice's charges name, folded
/// and rated again by pricing's own functions, mapped to invoice charges by the same two mappers
/// the services use, and compared with the charges the invoice stored.
/// </summary>
/// <param name="Charges">Differences line by line (lines numbered as the invoice numbers them).</param>
/// <param name="Totals">The stored invoice's totals against those the recomputed charges give.</param>
/// <param name="Problems">What kept the hop from being recomputed or does not fit, in words.</param>
public sealed record RatingHop(
    string AccrualStream,
    long TotalsVersion,
    string? RateCardId,
    long? StoredMeteredGpuSeconds,
    long? RecomputedMeteredGpuSeconds,
    IReadOnlyList<LineDifference> Charges,
    IReadOnlyList<TotalDifference> Totals,
    IReadOnlyList<string> Problems)
{
    /// <summary>The finalized invoice's lines and totals as the ledger gives them: what an auditor holds against the document issued.</summary>
    public InvoiceTotals? FromLedger { get; init; }

    public bool Matches => Charges.Count == 0 && Totals.Count == 0 && Problems.Count == 0;
}

/// <summary>
/// The ledger hop: each accrual event up to the invoice's version derived again from the ledger
/// event it names, and the tenant's GPU-seconds in the ledger reconciled with those accrued.
/// </summary>
/// <param name="SourcesChecked">Accrual events compared with their ledger events.</param>
public sealed record LedgerHop(
    string TenantId,
    int SourcesChecked,
    IReadOnlyList<QuantityDifference> Quantities,
    LedgerReconciliation? Reconciliation,
    IReadOnlyList<string> Problems)
{
    public bool Matches => Quantities.Count == 0 && Problems.Count == 0 && Reconciliation?.Matches != false;
}

/// <summary>
/// An accrued quantity that is not what its ledger event gives.
/// </summary>
/// <param name="AccrualVersion">The accrual event's version in its stream.</param>
/// <param name="SourceId">The ledger event it names.</param>
/// <param name="Allocation">"GPU workload price-key vN": the allocation under one rate card version; null when the whole event differs.</param>
/// <param name="Field">Seconds, EnergyJoules, Runs; "Allocation" when one side has no such allocation; "LedgerEvent" when the ledger has no such event.</param>
public sealed record QuantityDifference(long AccrualVersion, string SourceId, string? Allocation, string Field, string Stored, string Recomputed)
{
    public override string ToString() =>
        $"accrual event {AccrualVersion} (ledger event {SourceId}){(Allocation is null ? "" : $", {Allocation}")}: {Field} stored {Stored}, recomputed {Recomputed}";
}

/// <summary>
/// The tenant's GPU-seconds in the period, from the ledger itself, against what was accrued. The
/// ledger may rightly hold more: usage that arrived after the invoice's rating was accrued later
/// (and is billed on a later invoice as an adjustment); usage accrued never is a difference.
/// </summary>
/// <param name="LedgerGpuSeconds">All of the tenant's seconds in the period the ledger holds.</param>
/// <param name="RatedLedgerGpuSeconds">Those of the ledger events the invoice's accruals name.</param>
/// <param name="AccruedGpuSeconds">What the accrual stream holds at the invoice's version.</param>
/// <param name="AccruedLaterGpuSeconds">Those of ledger events first accrued after that version.</param>
public sealed record LedgerReconciliation(
    long LedgerGpuSeconds,
    long RatedLedgerGpuSeconds,
    long AccruedGpuSeconds,
    long AccruedLaterGpuSeconds,
    IReadOnlyList<UnaccruedLedgerEvent> NeverAccrued)
{
    /// <summary>The streams of the ledger events holding the tenant's seconds in the period: what the other figures are summed from.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> LedgerStreams { get; init; } = [];

    public bool Matches => NeverAccrued.Count == 0 && RatedLedgerGpuSeconds == AccruedGpuSeconds;

    public override string ToString() =>
        $"the ledger holds {LedgerGpuSeconds} GPU-seconds of the tenant in the period, {RatedLedgerGpuSeconds} of them in the ledger events the invoice's accruals name; "
        + $"the accruals hold {AccruedGpuSeconds}; {AccruedLaterGpuSeconds} were accrued after the invoice's rating (late usage); "
        + $"{NeverAccrued.Count} ledger events ({NeverAccrued.Sum(e => e.GpuSeconds)} GPU-seconds) were never accrued"
        + string.Concat(NeverAccrued.Select(e => $"; never accrued: ledger event {e.Id} in {e.StreamKey}, {e.GpuSeconds} GPU-seconds"));
}

public sealed record UnaccruedLedgerEvent(Guid Id, string StreamKey, long GpuSeconds);
