using Metering.Contracts;

namespace Metering.Ledger;

/// <summary>
/// What one intake batch newly accepted for one node-hour within one sealing window, already
/// decided: the part of a future <see cref="NodeUsageRecorded"/> that these seconds make. The
/// intake keeps parts instead of seconds so a report of a window is one row, and the sealer
/// merges a node-hour's parts (<see cref="IntakePartMerge"/>) into exactly the event that
/// deciding all their seconds at once would have made.
/// </summary>
/// <param name="Seconds">The seconds of the hour, never empty.</param>
/// <param name="Sequences">The agent's sequence numbers of those seconds, ascending, as run-length text.</param>
public sealed record IntakePart(string NodeId, DateTimeOffset Hour, SecondSet Seconds, string Sequences, IReadOnlyList<IntakeGpu> Gpus)
{
    public DateTimeOffset LastSecond => Hour.AddSeconds(Seconds.Last());

    /// <summary>The part as an event of its own: what the read models count at intake.</summary>
    public NodeUsageRecorded ToRecorded(DateTimeOffset recordedAt, string recordedBy) =>
        new(NodeId, Hour, Seconds, Sequences, [.. Gpus.Select(g => g.Usage)], recordedAt, recordedBy);
}

/// <summary>
/// One GPU group of a part, with the seconds of its first and last energy reading (null when it had
/// none), so that merged groups keep the counter values of the earliest and latest reading.
/// </summary>
public sealed record IntakeGpu(GpuUsage Usage, int? FirstEnergyAt, int? LastEnergyAt);

public static class IntakePartDecision
{
    /// <summary>
    /// The command's seconds that are neither sealed nor waiting (<paramref name="taken"/>), each once
    /// (the first one reported wins), as one part per sealing window: the sealer seals whole windows,
    /// so no part may straddle one's end.
    /// </summary>
    public static List<IntakePart> Decide(RecordNodeSeconds command, SecondSet taken, TimeSpan window)
    {
        var windowTicks = Math.Max(window.Ticks, TimeSpan.TicksPerSecond);
        return
        [
            .. RecordNodeSecondsDecision.FreshSeconds(command, taken)
                .GroupBy(s => s.Second.UtcTicks / windowTicks)
                .Select(inWindow => new IntakePart(
                    command.NodeId,
                    command.Hour,
                    SecondSet.Of(inWindow.Select(s => RecordNodeSecondsDecision.SecondOfHour(command.Hour, s.Second))),
                    Runs.Format(inWindow.Select(s => s.Sequence).Order()),
                    RecordNodeSecondsDecision.GpuGroupsOf(command.Hour, inWindow))),
        ];
    }
}
