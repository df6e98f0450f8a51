using Metering.Contracts;

namespace Metering.Ledger;

/// <summary>
/// What one intake batch tells the live standing: the allocated GPU-seconds it recorded by tenant,
/// node, window and price key. Made from the same decision the read models count and the sealer
/// later applies to the same rows, so what is observed is what will be sealed.
/// </summary>
public static class ObservedUsageOf
{
    /// <summary>The batch's observation; null when it recorded no allocated time (unallocated GPUs are billed to nobody).</summary>
    public static UsageObserved? Batch(IReadOnlyList<NodeUsageRecorded> recorded, DateTimeOffset observedAt, Guid observationId)
    {
        List<ObservedUsage> usage =
        [
            .. recorded
                .SelectMany(e => e.Gpus
                    .Where(g => g.TenantId is not null)
                    .SelectMany(g => g.Seconds.Seconds().Select(s => (TenantId: g.TenantId!, e.NodeId, g.Model, g.MigProfile,
                        AllocationClass: g.AllocationClass ?? AllocationClasses.OnDemand, Second: e.Hour.AddSeconds(s)))))
                .GroupBy(s => (s.TenantId, s.NodeId, WindowStart: UsageObserved.WindowOf(s.Second), s.Model, s.MigProfile, s.AllocationClass))
                .Select(key =>
                {
                    var last = key.Max(s => s.Second);
                    return new ObservedUsage
                    {
                        TenantId = key.Key.TenantId,
                        NodeId = key.Key.NodeId,
                        WindowStart = key.Key.WindowStart,
                        Model = key.Key.Model,
                        MigProfile = key.Key.MigProfile,
                        AllocationClass = key.Key.AllocationClass,
                        GpuSeconds = key.Count(),
                        LastSecond = last,
                        GpusAtLastSecond = key.Count(s => s.Second == last),
                    };
                })
                .OrderBy(u => u.TenantId, StringComparer.Ordinal)
                .ThenBy(u => u.NodeId, StringComparer.Ordinal)
                .ThenBy(u => u.WindowStart)
                .ThenBy(u => u.Model, StringComparer.Ordinal)
                .ThenBy(u => u.MigProfile, StringComparer.Ordinal)
                .ThenBy(u => u.AllocationClass, StringComparer.Ordinal),
        ];
        return usage.Count == 0 ? null : new UsageObserved { ObservationId = observationId, ObservedAt = observedAt, Usage = usage };
    }
}
