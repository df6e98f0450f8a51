using GpuBilling.HashChains;
using Pricing.RateCards;

namespace Pricing.Accrual;

/// <summary>
/// Usage from one ledger event entered a tenant's billing period, split by allocation and by
/// the rate card version in force at each second. Quantities only: money is computed from
/// the period's totals when it is rated. Chained to the previous event of its accrual stream.
/// </summary>
/// <param name="SourceId">The ledger event the quantities came from; accrued at most once per period.</param>
public sealed record UsageAccrued(
    string TenantId,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    string RateCardId,
    string SourceId,
    IReadOnlyList<AccruedQuantity> Quantities,
    DateTimeOffset AccruedAt,
    string AccruedBy) : ChainedEvent;

/// <summary>
/// One allocation's metered seconds and energy under one rate card version. The runs are
/// the exact seconds, kept so every line can be traced back to the time it charges.
/// </summary>
public sealed record AccruedQuantity(
    int RateCardVersion,
    PriceKey Key,
    string WorkloadId,
    string GpuUuid,
    long Seconds,
    decimal EnergyJoules,
    IReadOnlyList<UsageRun> Runs)
{
    public static IComparer<AccruedQuantity> Order { get; } = Comparer<AccruedQuantity>.Create((a, b) =>
    {
        var byVersion = a.RateCardVersion.CompareTo(b.RateCardVersion);
        if (byVersion != 0) return byVersion;
        var byKey = PriceKey.Order.Compare(a.Key, b.Key);
        if (byKey != 0) return byKey;
        var byWorkload = string.CompareOrdinal(a.WorkloadId, b.WorkloadId);
        return byWorkload != 0 ? byWorkload : string.CompareOrdinal(a.GpuUuid, b.GpuUuid);
    });
}
