using NodeAgent.Sampling;

namespace NodeAgent.Spooling;

/// <summary>
/// When the sampler commits the spool: once the seconds of a commit window (UTC-aligned, like
/// the report's) are all appended and the source has nothing more at hand, so a window costs one
/// flush. A source that falls silent mid-window is committed one window after its first
/// uncommitted second at the latest; a backfill that never waits, every megabyte.
/// </summary>
public sealed class GroupCommit(Spool spool, PublishSignal signal, SpoolOptions options, TimeProvider clock)
{
    private const long MaxUncommittedBytes = 1 << 20;

    private readonly long _windowSeconds = Math.Max(1, (long)options.CommitWindow.TotalSeconds);
    private long? _firstWindow;
    private long _latestSecond;
    private DateTimeOffset _firstAppendedAt;

    public void Appended(DateTimeOffset second)
    {
        var unixSecond = second.ToUnixTimeSeconds();
        if (_firstWindow is null)
        {
            _firstWindow = unixSecond / _windowSeconds;
            _firstAppendedAt = clock.GetUtcNow();
        }
        _latestSecond = Math.Max(_latestSecond, unixSecond);
        if (spool.UncommittedBytes >= MaxUncommittedBytes) Commit();
    }

    /// <summary>The source's next reading, committing first when the source makes the sampler wait at a window's end.</summary>
    public async ValueTask<bool> NextAsync(IAsyncEnumerator<NodeReading> readings, CancellationToken cancellationToken)
    {
        var next = readings.MoveNextAsync();
        if (next.IsCompleted || _firstWindow is not { } firstWindow) return await next;
        if ((_latestSecond + 1) / _windowSeconds > firstWindow)
        {
            Commit();
            return await next;
        }
        var waiting = next.AsTask();
        var left = _firstAppendedAt + options.CommitWindow - clock.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var expired = Task.Delay(left, clock, timer.Token);
            if (await Task.WhenAny(waiting, expired) == waiting)
            {
                await timer.CancelAsync();
                return await waiting;
            }
        }
        Commit();
        return await waiting;
    }

    public void Commit()
    {
        if (spool.Commit() > 0) signal.Raise();
        _firstWindow = null;
        _latestSecond = 0;
    }
}
