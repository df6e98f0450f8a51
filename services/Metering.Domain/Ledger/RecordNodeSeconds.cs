using GpuBilling.HashChains;
using Metering.Contracts;

namespace Metering.Ledger;

/// <summary>Record what a node reported for seconds of one UTC hour, as seen at <paramref name="Now"/>.</summary>
public sealed record RecordNodeSeconds(
    string NodeId,
    DateTimeOffset Hour,
    IReadOnlyList<NodeSecond> Seconds,
    DateTimeOffset Now,
    string RecordedBy)
{
    /// <summary>
    /// One command per node-hour, in stream-key order so every writer locks node-hours in the
    /// same order and two of them cannot deadlock.
    /// </summary>
    public static List<RecordNodeSeconds> For(IEnumerable<(string NodeId, NodeSecond Second)> seconds, DateTimeOffset now, string recordedBy) =>
        seconds
            .GroupBy(s => (s.NodeId, Hour: LedgerStreams.HourOf(s.Second.Second)))
            .OrderBy(g => new NodeHourKey(g.Key.NodeId, g.Key.Hour).ToString(), StringComparer.Ordinal)
            .Select(g => new RecordNodeSeconds(g.Key.NodeId, g.Key.Hour, g.Select(s => s.Second).ToList(), now, recordedBy))
            .ToList();

    public NodeHourKey StreamKey => new(NodeId, Hour);
}

public static class RecordNodeSecondsDecision
{
    /// <summary>
    /// The seconds not yet in the ledger become one event; seconds already there (a redelivery,
    /// a spool replay, a second metering instance) add nothing. Arrival order does not matter:
    /// the hour's seen-set, not a high-water mark, decides what is new.
    /// </summary>
    public static NodeUsageRecorded? Decide(RecordNodeSeconds command, NodeHourLedger? ledger)
    {
        var fresh = FreshSeconds(command, ledger);
        if (fresh.Count == 0) return null;

        return new NodeUsageRecorded(
            command.NodeId,
            command.Hour,
            SecondSet.Of(fresh.Select(s => SecondOfHour(command.Hour, s.Second))),
            Runs.Format(fresh.Select(s => s.Sequence).Order()),
            [.. GpuGroupsOf(command.Hour, fresh).Select(g => g.Usage)],
            command.Now,
            command.RecordedBy);
    }

    /// <summary>
    /// The event the sealer appends: the decision chained to the stream's last hash. Only the
    /// append needs the hash, so the intake, which decides the same way for its read models,
    /// does not pay for it.
    /// </summary>
    public static NodeUsageRecorded? DecideSealed(RecordNodeSeconds command, NodeHourLedger? ledger) =>
        Decide(command, ledger) is { } recorded ? HashChain.Seal(ledger?.LastHash ?? HashChain.Genesis, recorded) : null;

    /// <summary>The command's seconds the ledger does not hold yet, each once (the first one reported wins), in time order.</summary>
    public static IReadOnlyList<NodeSecond> FreshSeconds(RecordNodeSeconds command, NodeHourLedger? ledger) =>
        FreshSeconds(command, ledger?.Seen ?? SecondSet.Empty);

    /// <summary>The command's seconds not in <paramref name="seen"/>, each once (the first one reported wins), in time order.</summary>
    public static IReadOnlyList<NodeSecond> FreshSeconds(RecordNodeSeconds command, SecondSet seen)
    {
        var fresh = new SortedDictionary<int, NodeSecond>();
        foreach (var second in command.Seconds)
        {
            var offset = SecondOfHour(command.Hour, second.Second);
            if (!seen.Contains(offset)) fresh.TryAdd(offset, second);
        }
        return [.. fresh.Values];
    }

    internal static int SecondOfHour(DateTimeOffset hour, DateTimeOffset second)
    {
        var offset = (second - hour).TotalSeconds;
        if (offset is < 0 or >= SecondSet.SecondsPerHour)
            throw new ArgumentOutOfRangeException(nameof(second), second, $"Not a second of the hour {hour:O}.");
        return (int)offset;
    }

    /// <summary>
    /// The seconds' GPU groups in the event's order, each with the seconds of its first and last
    /// energy reading, which is what lets groups decided apart merge into exactly this (<see cref="IntakePartMerge"/>).
    /// </summary>
    internal static List<IntakeGpu> GpuGroupsOf(DateTimeOffset hour, IEnumerable<NodeSecond> seconds) =>
        seconds
            .SelectMany(second => second.Gpus.Select(gpu => (Offset: SecondOfHour(hour, second.Second), Gpu: gpu)))
            .GroupBy(s => (s.Gpu.GpuUuid, s.Gpu.Model, s.Gpu.MigProfile, s.Gpu.Allocation?.TenantId, s.Gpu.Allocation?.WorkloadId, s.Gpu.Allocation?.AllocationClass))
            .OrderBy(g => g.Key.GpuUuid, StringComparer.Ordinal)
            .ThenBy(g => g.Key.TenantId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.WorkloadId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.AllocationClass, StringComparer.Ordinal)
            .Select(g =>
            {
                var samples = g.OrderBy(s => s.Offset).ToList();
                var energy = samples.Where(s => s.Gpu.EnergyMillijoules.HasValue).Select(s => s.Offset).ToList();
                return new IntakeGpu(
                    new GpuUsage(
                        g.Key.GpuUuid,
                        g.Key.Model,
                        g.Key.MigProfile,
                        g.Key.TenantId,
                        g.Key.WorkloadId,
                        SecondSet.Of(samples.Select(s => s.Offset)),
                        SumsOf([.. samples.Select(s => s.Gpu)]),
                        g.Key.AllocationClass),
                    energy.Count > 0 ? energy[0] : null,
                    energy.Count > 0 ? energy[^1] : null);
            })
            .ToList();

    private static DimensionSums SumsOf(IReadOnlyList<GpuSample> samples)
    {
        var utilization = samples.Where(s => s.UtilizationPercent.HasValue).Select(s => s.UtilizationPercent!.Value).ToList();
        var memory = samples.Where(s => s.MemoryUsedMiB.HasValue).Select(s => s.MemoryUsedMiB!.Value).ToList();
        var power = samples.Where(s => s.PowerWatts.HasValue).Select(s => s.PowerWatts!.Value).ToList();
        var energy = samples.Where(s => s.EnergyMillijoules.HasValue).Select(s => s.EnergyMillijoules!.Value).ToList();
        return new DimensionSums(
            utilization.Sum(), utilization.Count,
            memory.Sum(), memory.Count,
            power.Sum(), power.Count,
            energy.Count > 0 ? energy[0] : null,
            energy.Count > 0 ? energy[^1] : null);
    }
}
