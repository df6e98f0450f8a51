namespace NodeAgent.Spooling;

public sealed class SpoolOptions
{
    public string Path { get; set; } = "spool";

    /// <summary>
    /// Flush each group commit to the disk before its seconds are handed to the publisher. Without
    /// it a crash of the agent still loses nothing (the page cache survives the process); a power
    /// cut may. Off only for benchmarks and tests that measure something else.
    /// </summary>
    public bool Fsync { get; set; } = true;

    /// <summary>
    /// The group commit: the sampler's seconds of one window are written, then flushed once. One
    /// second matches the report of one second per message; set it to the report's window when
    /// reports carry several seconds, so there is one fsync per window.
    /// </summary>
    public TimeSpan CommitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A segment is closed and a new one started once it holds this many bytes.</summary>
    public long SegmentBytes { get; set; } = 16L << 20;

    /// <summary>The cap on the spool's size on disk: past it the oldest segment is dropped (counted, logged).</summary>
    public long? MaxBytes { get; set; } = 4L << 30;

    /// <summary>
    /// The cap on the age of what the spool keeps: a segment whose newest second is older is dropped.
    /// 35 days by default, metering's accepted lateness: it would refuse anything older.
    /// </summary>
    public TimeSpan? MaxAge { get; set; } = TimeSpan.FromDays(35);

    /// <summary>
    /// Seconds held decoded in memory for the publisher; a backlog beyond it stays on disk only and
    /// is read back as the publisher catches up.
    /// </summary>
    public int MaxSecondsInMemory { get; set; } = 20_000;

    /// <summary>
    /// Above <see cref="MaxSecondsInMemory"/> if need be, this many pending seconds of every node are
    /// held in memory: a node's compact report goes out once its window is pending, so an agent for
    /// many nodes (a simulated fleet) held to 20,000 seconds would send each node a fraction of a
    /// window per message, more messages than the broker and metering can carry. The publisher raises
    /// it to two of its windows (one filling while the last awaits its confirm).
    /// </summary>
    public int SecondsInMemoryPerNode { get; set; } = 20;

    public void Validate()
    {
        if (CommitWindow <= TimeSpan.Zero) throw new InvalidOperationException("Spool:CommitWindow must be positive.");
        if (SegmentBytes < 4096) throw new InvalidOperationException("Spool:SegmentBytes must be at least 4096.");
        if (MaxBytes is { } max && max < 2 * SegmentBytes)
            throw new InvalidOperationException("Spool:MaxBytes must hold at least two segments (Spool:SegmentBytes).");
        if (MaxAge is { } age && age <= TimeSpan.Zero) throw new InvalidOperationException("Spool:MaxAge must be positive.");
        if (MaxSecondsInMemory < 1) throw new InvalidOperationException("Spool:MaxSecondsInMemory must be at least 1.");
        if (SecondsInMemoryPerNode < 0) throw new InvalidOperationException("Spool:SecondsInMemoryPerNode must not be negative.");
    }
}
