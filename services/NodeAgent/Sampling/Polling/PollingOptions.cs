namespace NodeAgent.Sampling.Polling;

/// <summary>How a source that asks a tool now and then turns its answers into one reading a second.</summary>
public sealed record PollingOptions
{
    /// <summary>How often the tool is asked. Each ask starts a process or makes a request, so not faster than it can answer.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the last answer stands for the seconds after it. Past this, the tool is taken to be
    /// down and no second is reported (so none is billed) until it answers again: a GPU is billed for
    /// a second only while a recent answer says it is there.
    /// </summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A single ask that takes longer than this is abandoned (a wedged driver hangs its tools).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAge, PollInterval);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero);
    }
}
