namespace NodeAgent.Allocations;

/// <summary>
/// When a source that reads files looks at them again: once a quarter second has passed, however
/// often it is asked. The sampler asks once a second and must see each change by its next second,
/// which a once-a-second limit would miss whenever two of its calls come a little less than a
/// second apart (a job's first second billed to nobody).
/// </summary>
public sealed class Recheck(TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private long? _checkedAt;

    public bool Due()
    {
        if (_checkedAt is { } checkedAt && clock.GetElapsedTime(checkedAt) < Interval) return false;
        _checkedAt = clock.GetTimestamp();
        return true;
    }
}
