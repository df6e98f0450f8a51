using Metering.Contracts;
using Pricing.Accrual;
using Pricing.RateCards;

namespace Pricing.Estimates;

/// <summary>Where a tenant's GPU-seconds are tallied for the live standing: one node, one <see cref="UsageObserved.Window"/>, one price key.</summary>
public sealed record TallyKey(string TenantId, string NodeId, DateTimeOffset WindowStart, PriceKey Key);

/// <summary>
/// GPU-seconds of one <see cref="TallyKey"/> that metering observed (<see cref="Observed"/>,
/// from <see cref="UsageObserved"/>) and that pricing accrued from the sealed ledger
/// (<see cref="Sealed"/>, added in the transaction that accrues the ledger event).
/// </summary>
/// <remarks>
/// Each second is claimed once by metering's intake, so it is observed once, and sealed once, so
/// it is accrued once; observations and ledger events come by different queues, in any order.
/// Observed less sealed is therefore order-independent: once both have arrived the two sides hold
/// the same seconds and it is zero. Before, a seal that overtook its observation makes the
/// difference smaller than the truth, never larger (observed − sealed = |observed and not sealed|
/// − |sealed and not yet observed|), so a second is never in both the rating and the estimate.
/// </remarks>
public sealed record UnsealedTally(TallyKey Tally, long Observed, long Sealed, DateTimeOffset? LastSecond, int GpusAtLastSecond)
{
    public long Unsealed => Math.Max(Observed - Sealed, 0);

    /// <summary>Observation tallies of one <see cref="UsageObserved"/>.</summary>
    public static IEnumerable<UnsealedTally> Of(UsageObserved observation) =>
        observation.Usage.Select(u => new UnsealedTally(
            new TallyKey(u.TenantId, u.NodeId, u.WindowStart, new PriceKey(u.Model, u.MigProfile, u.AllocationClass)),
            u.GpuSeconds, 0, u.LastSecond, u.GpusAtLastSecond));

    /// <summary>
    /// The seconds an accrual took from one node's ledger event, per window and price key: what it
    /// adds to <see cref="Sealed"/>.
    /// </summary>
    public static IEnumerable<(TallyKey Tally, long Seconds)> SealedBy(string nodeId, UsageAccrued accrued) =>
        accrued.Quantities
            .SelectMany(q => q.Runs.SelectMany(WindowsOf).Select(w => (Tally: new TallyKey(accrued.TenantId, nodeId, w.Start, q.Key), w.Seconds)))
            .GroupBy(s => s.Tally)
            .Select(g => (g.Key, g.Sum(s => s.Seconds)));

    private static IEnumerable<(DateTimeOffset Start, long Seconds)> WindowsOf(UsageRun run)
    {
        var from = run.From;
        while (from < run.To)
        {
            var start = UsageObserved.WindowOf(from);
            var end = start + UsageObserved.Window < run.To ? start + UsageObserved.Window : run.To;
            yield return (start, (long)(end - from).TotalSeconds);
            from = end;
        }
    }
}
