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
    /// One pass over the samples in time order: this runs for every GPU-second metering takes in,
    /// so each sample is added to its group's sums where it stands, with no list of it kept.
    /// </summary>
    internal static List<IntakeGpu> GpuGroupsOf(DateTimeOffset hour, IEnumerable<NodeSecond> seconds)
    {
        var groups = new Dictionary<GroupKey, GroupTally>();
        foreach (var second in seconds)
        {
            var offset = SecondOfHour(hour, second.Second);
            foreach (var gpu in second.Gpus)
            {
                var key = new GroupKey(gpu.GpuUuid, gpu.Model, gpu.MigProfile, gpu.Allocation?.TenantId, gpu.Allocation?.WorkloadId, gpu.Allocation?.AllocationClass);
                if (!groups.TryGetValue(key, out var tally)) groups[key] = tally = new GroupTally(groups.Count);
                tally.Add(offset, gpu);
            }
        }
        return
        [
            .. groups
                .OrderBy(g => g.Key.GpuUuid, StringComparer.Ordinal)
                .ThenBy(g => g.Key.TenantId, StringComparer.Ordinal)
                .ThenBy(g => g.Key.WorkloadId, StringComparer.Ordinal)
                .ThenBy(g => g.Key.AllocationClass, StringComparer.Ordinal)
                // Groups that differ only in model or MIG profile keep the order they first appear in.
                .ThenBy(g => g.Value.Appearance)
                .Select(g => g.Value.ToIntakeGpu(g.Key)),
        ];
    }

    private readonly record struct GroupKey(string GpuUuid, string Model, string? MigProfile, string? TenantId, string? WorkloadId, string? AllocationClass);

    /// <summary>A group's seconds and sums as its samples come, in time order (decimals added in that order, as always).</summary>
    private sealed class GroupTally(int appearance)
    {
        private readonly List<SecondRun> _runs = [];
        private decimal _utilization, _power;
        private long _memory;
        private int _utilizationSamples, _memorySamples, _powerSamples;
        private long? _firstEnergy, _lastEnergy;
        private int? _firstEnergyAt, _lastEnergyAt;

        public int Appearance { get; } = appearance;

        public void Add(int offset, GpuSample gpu)
        {
            if (_runs.Count > 0 && _runs[^1].Last + 1 == offset) _runs[^1] = _runs[^1] with { Last = offset };
            else _runs.Add(new SecondRun(offset, offset));
            if (gpu.UtilizationPercent is { } utilization) (_utilization, _utilizationSamples) = (_utilization + utilization, _utilizationSamples + 1);
            if (gpu.MemoryUsedMiB is { } memory) (_memory, _memorySamples) = (_memory + memory, _memorySamples + 1);
            if (gpu.PowerWatts is { } power) (_power, _powerSamples) = (_power + power, _powerSamples + 1);
            if (gpu.EnergyMillijoules is { } energy)
            {
                if (_firstEnergy is null) (_firstEnergy, _firstEnergyAt) = (energy, offset);
                (_lastEnergy, _lastEnergyAt) = (energy, offset);
            }
        }

        public IntakeGpu ToIntakeGpu(GroupKey key) => new(
            new GpuUsage(
                key.GpuUuid,
                key.Model,
                key.MigProfile,
                key.TenantId,
                key.WorkloadId,
                SecondSet.OfRuns(_runs),
                new DimensionSums(_utilization, _utilizationSamples, _memory, _memorySamples, _power, _powerSamples, _firstEnergy, _lastEnergy),
                key.AllocationClass),
            _firstEnergyAt,
            _lastEnergyAt);
    }
}
