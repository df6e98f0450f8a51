namespace NodeAgent.Publishing;

public sealed class PublishingOptions
{
    /// <summary>A backlog goes out in messages of up to this many seconds of one node.</summary>
    public int MaxSecondsPerMessage { get; set; } = 60;

    /// <summary>How many messages may await the broker's confirmation at once.</summary>
    public int MaxInFlight { get; set; } = 1000;

    /// <summary>Exit once a finite source has ended and the spool is empty (tests, benchmarks).</summary>
    public bool ExitWhenDrained { get; set; }

    /// <summary>
    /// Which report the agent sends. Compact, which every metering of this release reads; legacy
    /// keeps an agent readable by a metering older than the compact report (metering is upgraded
    /// first: see docs/OPERATIONS.md).
    /// </summary>
    public ReportForm Report { get; set; } = ReportForm.Compact;

    /// <summary>
    /// Compact reports only: a node's seconds wait until this many are pending or the oldest has
    /// waited this long, then go out as one message. Usage is visible in metering about this much
    /// later than with a message per second; 10 s leaves 5 s of the 15 s visibility target to the
    /// rest of the pipeline, and cuts the broker's messages tenfold.
    /// </summary>
    public int WindowSeconds { get; set; } = 10;
}

public enum ReportForm
{
    /// <summary><c>GpuUsageReported</c>: every GPU of every second written out, a message per pending batch.</summary>
    Legacy,

    /// <summary><c>GpuUsageWindowReported</c>: one message per node per window, seconds as ranges, readings as arrays.</summary>
    Compact,
}
