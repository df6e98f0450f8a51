using NodeAgent.Spooling;

namespace NodeAgent.Publishing;

/// <summary>
/// Holds each node's seconds back until they fill a compact report: a window's worth pending,
/// or the oldest pending for a whole window, or the source has ended. A backlog is always full,
/// so it goes out at once; in real time a node sends one message per window. The wait is
/// measured from when the publisher first saw the oldest second, not from its timestamp, so a
/// replayed past is not mistaken for a late window.
/// </summary>
public sealed class ReportWindows(PublishingOptions options, TimeProvider clock)
{
    private Dictionary<string, (long Sequence, DateTimeOffset Since)> _waiting = [];

    private TimeSpan Window => TimeSpan.FromSeconds(Math.Max(options.WindowSeconds, 1));

    /// <summary>The batches due now, and how long until the next of the others is due (null: none waits).</summary>
    public (List<IReadOnlyList<SpooledSecond>> Due, TimeSpan? NextDueIn) Due(List<IReadOnlyList<SpooledSecond>> pending, bool sourceEnded)
    {
        var now = clock.GetUtcNow();
        var full = Math.Max(1, Math.Min(options.WindowSeconds, options.MaxSecondsPerMessage));
        var waiting = new Dictionary<string, (long, DateTimeOffset)>(pending.Count);
        var due = new List<IReadOnlyList<SpooledSecond>>();
        TimeSpan? nextDueIn = null;
        foreach (var seconds in pending)
        {
            var oldest = seconds[0];
            var since = _waiting.TryGetValue(oldest.NodeId, out var seen) && seen.Sequence == oldest.Second.Sequence ? seen.Since : now;
            waiting[oldest.NodeId] = (oldest.Second.Sequence, since);
            var dueIn = since + Window - now;
            if (sourceEnded || seconds.Count >= full || dueIn <= TimeSpan.Zero)
                due.Add(seconds);
            else if (nextDueIn is null || dueIn < nextDueIn)
                nextDueIn = dueIn;
        }
        _waiting = waiting;
        return (due, nextDueIn);
    }
}
