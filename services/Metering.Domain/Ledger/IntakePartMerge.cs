using GpuBilling.HashChains;
using Metering.Contracts;

namespace Metering.Ledger;

/// <summary>
/// A node-hour's waiting parts become one ledger event, exactly the one
/// <see cref="RecordNodeSecondsDecision.Decide"/> makes from all their seconds at once: seconds and
/// sequences unioned, each GPU group's seconds unioned and sums added (decimals add exactly in any
/// order), the energy counter taken from the earliest and the latest reading, groups in the
/// decision's order.
/// </summary>
public static class IntakePartMerge
{
    /// <summary>The merged event chained to the stream's last hash; null when there is nothing to seal.</summary>
    /// <exception cref="InvalidOperationException">
    /// Parts that share a second, or a second the ledger already holds: the intake admits a second
    /// once, so this is a broken invariant, and sealing it would count a second twice.
    /// </exception>
    public static NodeUsageRecorded? DecideSealed(IReadOnlyList<IntakePart> parts, NodeHourLedger? ledger, DateTimeOffset now, string recordedBy)
    {
        if (parts.Count == 0) return null;
        var merged = Merge(parts, now, recordedBy);
        if (ledger is not null && ledger.Seen.Overlaps(merged.Seconds))
            throw new InvalidOperationException(
                $"Intake of {ledger.Id} holds seconds the ledger already sealed ({merged.Seconds.Intersect(ledger.Seen)}); refusing to count them twice.");
        return HashChain.Seal(ledger?.LastHash ?? HashChain.Genesis, merged);
    }

    public static NodeUsageRecorded Merge(IReadOnlyList<IntakePart> parts, DateTimeOffset now, string recordedBy)
    {
        var (nodeId, hour) = (parts[0].NodeId, parts[0].Hour);
        var seconds = SecondSet.Empty;
        var groups = new Dictionary<(string, string, string?, string?, string?, string?), Group>();
        foreach (var part in parts)
        {
            if (part.NodeId != nodeId || part.Hour != hour)
                throw new ArgumentException($"Parts of {nodeId}@{hour:O} and {part.NodeId}@{part.Hour:O} cannot make one event.", nameof(parts));
            if (seconds.Overlaps(part.Seconds))
                throw new InvalidOperationException(
                    $"Intake parts of {nodeId}@{hour:O} share seconds ({seconds.Intersect(part.Seconds)}); refusing to count them twice.");
            seconds = seconds.Union(part.Seconds);
            foreach (var gpu in part.Gpus)
            {
                var u = gpu.Usage;
                var key = (u.GpuUuid, u.Model, u.MigProfile, u.TenantId, u.WorkloadId, u.AllocationClass);
                groups[key] = groups.TryGetValue(key, out var group) ? group.With(gpu) : new Group(gpu);
            }
        }

        return new NodeUsageRecorded(
            nodeId,
            hour,
            seconds,
            Runs.Format(parts.SelectMany(p => Runs.Parse(p.Sequences)).Order()),
            [
                .. groups.Values
                    .Select(g => g.Usage)
                    .OrderBy(g => g.GpuUuid, StringComparer.Ordinal)
                    .ThenBy(g => g.TenantId, StringComparer.Ordinal)
                    .ThenBy(g => g.WorkloadId, StringComparer.Ordinal)
                    .ThenBy(g => g.AllocationClass, StringComparer.Ordinal)
                    // The decision orders groups that differ only in model or MIG profile as they first
                    // appear; a GPU is reported once a second, so their first seconds differ.
                    .ThenBy(g => g.Seconds.First()),
            ],
            now,
            recordedBy);
    }

    private sealed record Group(GpuUsage Usage, int? FirstEnergyAt, int? LastEnergyAt)
    {
        public Group(IntakeGpu gpu) : this(gpu.Usage, gpu.FirstEnergyAt, gpu.LastEnergyAt) { }

        public Group With(IntakeGpu other)
        {
            var (a, b) = (Usage.Sums, other.Usage.Sums);
            var takesFirst = other.FirstEnergyAt < (FirstEnergyAt ?? int.MaxValue);
            var takesLast = other.LastEnergyAt > (LastEnergyAt ?? int.MinValue);
            var sums = new DimensionSums(
                a.UtilizationPercentSeconds + b.UtilizationPercentSeconds, a.UtilizationSamples + b.UtilizationSamples,
                a.MemoryMiBSeconds + b.MemoryMiBSeconds, a.MemorySamples + b.MemorySamples,
                a.PowerJoules + b.PowerJoules, a.PowerSamples + b.PowerSamples,
                takesFirst ? b.FirstEnergyMillijoules : a.FirstEnergyMillijoules,
                takesLast ? b.LastEnergyMillijoules : a.LastEnergyMillijoules);
            return new Group(
                Usage with { Seconds = Usage.Seconds.Union(other.Usage.Seconds), Sums = sums },
                takesFirst ? other.FirstEnergyAt : FirstEnergyAt,
                takesLast ? other.LastEnergyAt : LastEnergyAt);
        }
    }
}
