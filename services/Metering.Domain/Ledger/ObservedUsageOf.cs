using Metering.Contracts;

namespace Metering.Ledger;

/// <summary>
/// What one intake batch tells the live standing: the allocated GPU-seconds it recorded by tenant,
/// node, window and price key. Made from the same decision the read models count and the sealer
/// later applies to the same rows, so what is observed is what will be sealed.
/// </summary>
public static class ObservedUsageOf
{
    private static readonly int SecondsPerWindow = (int)UsageObserved.Window.TotalSeconds;

    /// <summary>The batch's observation; null when it recorded no allocated time (unallocated GPUs are billed to nobody).</summary>
    public static UsageObserved? Batch(IReadOnlyList<NodeUsageRecorded> recorded, DateTimeOffset observedAt, Guid observationId)
    {
        var windows = new Dictionary<Key, Tally>();
        foreach (var e in recorded)
        {
            foreach (var gpu in e.Gpus)
            {
                if (gpu.TenantId is not { } tenantId) continue;
                foreach (var run in gpu.Seconds.Runs)
                    CountRun(windows, e, gpu, tenantId, run);
            }
        }
        if (windows.Count == 0) return null;

        List<ObservedUsage> usage =
        [
            .. windows
                .OrderBy(w => w.Key.TenantId, StringComparer.Ordinal)
                .ThenBy(w => w.Key.NodeId, StringComparer.Ordinal)
                .ThenBy(w => w.Key.WindowStart)
                .ThenBy(w => w.Key.Model, StringComparer.Ordinal)
                .ThenBy(w => w.Key.MigProfile, StringComparer.Ordinal)
                .ThenBy(w => w.Key.AllocationClass, StringComparer.Ordinal)
                .Select(w => new ObservedUsage
                {
                    TenantId = w.Key.TenantId,
                    NodeId = w.Key.NodeId,
                    WindowStart = w.Key.WindowStart,
                    Model = w.Key.Model,
                    MigProfile = w.Key.MigProfile,
                    AllocationClass = w.Key.AllocationClass,
                    GpuSeconds = w.Value.GpuSeconds,
                    LastSecond = w.Value.LastSecond,
                    GpusAtLastSecond = w.Value.GpusAtLastSecond,
                }),
        ];
        return new UsageObserved { ObservationId = observationId, ObservedAt = observedAt, Usage = usage };
    }

    /// <summary>
    /// Counts a run of one GPU's seconds piece by piece, a piece per window it crosses: seconds
    /// counted by their number, never one by one. Windows divide the hour, so a piece's window is its
    /// first second's. Only a piece's last second can be its window's latest, and each of the key's
    /// GPUs (or allocations) holding that second ends a piece there.
    /// </summary>
    private static void CountRun(Dictionary<Key, Tally> windows, NodeUsageRecorded e, GpuUsage gpu, string tenantId, SecondRun run)
    {
        for (var first = run.First; first <= run.Last;)
        {
            var last = Math.Min(run.Last, (first / SecondsPerWindow + 1) * SecondsPerWindow - 1);
            var key = new Key(tenantId, e.NodeId, UsageObserved.WindowOf(e.Hour.AddSeconds(first)), gpu.Model, gpu.MigProfile,
                gpu.AllocationClass ?? AllocationClasses.OnDemand);
            windows[key] = windows.GetValueOrDefault(key).With(last - first + 1, e.Hour.AddSeconds(last));
            first = last + 1;
        }
    }

    private readonly record struct Key(string TenantId, string NodeId, DateTimeOffset WindowStart, string Model, string? MigProfile, string AllocationClass);

    private readonly record struct Tally(long GpuSeconds, DateTimeOffset LastSecond, int GpusAtLastSecond)
    {
        public Tally With(long seconds, DateTimeOffset last) => new(
            GpuSeconds + seconds,
            last > LastSecond ? last : LastSecond,
            last > LastSecond ? 1 : last == LastSecond ? GpusAtLastSecond + 1 : GpusAtLastSecond);
    }
}
