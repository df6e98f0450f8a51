namespace Metering.Contracts;

/// <summary>
/// Allocated GPU time that entered the sealed usage ledger, one message per ledger event. It
/// leaves metering from a Marten subscription whose progress is stored beside the ledger, so it
/// is published at least once: consumers keep <see cref="LedgerEventId"/> to count it once.
/// </summary>
public sealed record UsageRecorded
{
    /// <summary>The id of the ledger event: the idempotency key and the start of every line's lineage.</summary>
    public required Guid LedgerEventId { get; init; }
    public required string LedgerStream { get; init; }
    public required string NodeId { get; init; }
    public required DateTimeOffset Hour { get; init; }
    public required IReadOnlyList<AllocatedUsage> Usage { get; init; }
}

/// <summary>
/// One GPU (or MIG slice) held by one tenant's workload during <see cref="Seconds"/> of the hour
/// (run-length text, "0-299"). Energy is in joules, from power samples summed over the seconds.
/// </summary>
public sealed record AllocatedUsage
{
    public required string TenantId { get; init; }
    public required string WorkloadId { get; init; }
    public required string GpuUuid { get; init; }
    public required string Model { get; init; }
    public string? MigProfile { get; init; }
    /// <summary>"on-demand" or "spot"; absent in messages published before it existed, which were all on demand.</summary>
    public string AllocationClass { get; init; } = AllocationClasses.OnDemand;
    public required string Seconds { get; init; }
    public required int GpuSeconds { get; init; }
    public required decimal EnergyJoules { get; init; }
}
