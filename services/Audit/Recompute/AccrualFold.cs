using GpuBilling.Decisions;
using GpuBilling.HashChains;
using Pricing.Accrual;
using Pricing.RateCards;

namespace Audit.Recompute;

/// <summary>
/// The accrual stream folded as it streams past in version order, after the ledger was folded, so
/// neither is held: its chain walked, the period's usage folded up to the invoice's version (what
/// the rating hop rates), and each accrual up to that version checked against the ledger event it
/// names. An accrual whose quantities have the digest the ledger event gives, and whose card,
/// period and author pricing's decision accepts against the state before it, matches; any other is
/// kept, with that state, for the full comparison (<see cref="FullRecompute.SourceDifferences"/>)
/// once its ledger event's command has been read again. A month of untouched accruals keeps nothing.
/// </summary>
/// <param name="compare">Whether the ledger hop compares at all: it cannot without the tenant's terms and a rate card.</param>
public sealed class AccrualFold(long totalsVersion, LedgerFold ledger, RateCard? card, bool compare)
{
    private readonly Dictionary<Guid, long> _firstAccruedAt = [];
    private readonly List<Unmatched> _unmatched = [];
    private readonly Dictionary<AllocationKey, long> _allocations = [];
    private ChainWalk? _chain;

    [ThreadStatic]
    private static QuantitiesDigest.Writer? _digests;

    /// <summary>Accrual events read (openings and accruals, every version).</summary>
    public int Events { get; private set; }

    /// <summary>Of them, those up to the invoice's version.</summary>
    public int Rated { get; private set; }

    /// <summary>The period folded up to the invoice's version; null when nothing was.</summary>
    public PeriodUsage? Usage { get; private set; }

    /// <summary>Each allocation's seconds folded up to the invoice's version: what rating <see cref="Usage"/> rounds.</summary>
    public IEnumerable<AllocationSeconds> Allocations => _allocations.Select(a => new AllocationSeconds(a.Key, a.Value));

    /// <summary>Accruals up to the invoice's version compared with their ledger events.</summary>
    public int SourcesChecked { get; private set; }

    public ChainVerification Chain => _chain?.Verification ?? new ChainVerification(0, null);

    /// <summary>The version at which each ledger event was first accrued (any version: later ones tell late usage).</summary>
    public IReadOnlyDictionary<Guid, long> FirstAccruedAt => _firstAccruedAt;

    /// <summary>The accruals that did not match on the way, in version order, for the full comparison.</summary>
    public IReadOnlyList<Unmatched> ToCompare => _unmatched;

    /// <summary>What the fold needs of one event that depends on nothing before it (its canonical form, its quantities' digest); safe on any thread.</summary>
    public static PreparedAccrual Prepare(long version, object data) =>
        new(version, data, HashChain.CanonicalOf((ChainedEvent)data),
            data is UsageAccrued { Quantities: { } quantities } ? (_digests ??= new()).Of(quantities) : null);

    public void Add(PreparedAccrual prepared)
    {
        var (version, data) = (prepared.Version, prepared.Data);
        Events++;
        (_chain ??= new ChainWalk(firstVersion: version)).Add((ChainedEvent)data, prepared.Canonical);
        if (data is UsageAccrued accrued && Guid.TryParse(accrued.SourceId, out var id)) _firstAccruedAt.TryAdd(id, version);
        if (version > totalsVersion) return;

        Rated++;
        if (compare && data is UsageAccrued stored)
        {
            SourcesChecked++;
            if (!Matches(stored, prepared.Digest, Usage)) _unmatched.Add(new Unmatched(version, stored, Usage));
        }
        Usage = PeriodUsage.Evolve(Usage, data);
        if (data is UsageAccrued folded)
            foreach (var allocation in AllocationSeconds.Of(folded))
                _allocations[allocation.Key] = _allocations.GetValueOrDefault(allocation.Key) + allocation.Seconds;
    }

    /// <summary>
    /// The decision's quantities from the ledger event are the stored ones, and the decision on the
    /// probe (as the full comparison would decide: the state's card, the stored author and time)
    /// refuses nothing.
    /// </summary>
    private bool Matches(UsageAccrued stored, QuantitiesDigest? storedDigest, PeriodUsage? state)
    {
        if (storedDigest is null || !Guid.TryParse(stored.SourceId, out var id)
            || !ledger.ById.TryGetValue(id, out var source) || source.Check is not { Digest: { } digest } check
            || storedDigest != digest)
            return false;
        try
        {
            AccrueUsageDecision.Quantities(FullRecompute.AsStoredDecides(check.Probe, stored, state), state, card!);
            return true;
        }
        catch (CommandRefused)
        {
            return false;
        }
    }
}

/// <param name="Digest">Of an accrual's quantities; null for an opening.</param>
public sealed record PreparedAccrual(long Version, object Data, byte[] Canonical, QuantitiesDigest? Digest);

/// <summary>An accrual that did not match its ledger event's digest on the way, with the state it was accrued onto.</summary>
public sealed record Unmatched(long Version, UsageAccrued Stored, PeriodUsage? State);
