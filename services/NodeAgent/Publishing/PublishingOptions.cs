namespace NodeAgent.Publishing;

public sealed class PublishingOptions
{
    /// <summary>A backlog goes out in messages of up to this many seconds of one node.</summary>
    public int MaxSecondsPerMessage { get; set; } = 60;

    /// <summary>How many messages may await the broker's confirmation at once.</summary>
    public int MaxInFlight { get; set; } = 1000;

    /// <summary>Exit once a finite source has ended and the spool is empty (tests, benchmarks).</summary>
    public bool ExitWhenDrained { get; set; }
}
