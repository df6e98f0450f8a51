namespace Metering.Contracts;

/// <summary>
/// Everything one sealed ledger event holds, for consumers that need more than billable time
/// (fleet costs and efficiency): every GPU the node reported during the window, held by a tenant
/// or by nobody, with its readings' sums. Published beside <see cref="UsageRecorded"/> by the same
/// subscription and for the same ledger event, so both carry the same <see cref="LedgerEventId"/>,
/// which consumers keep to count the event once.
/// </summary>
public sealed record NodeUsageSealed
{
    public required Guid LedgerEventId { get; init; }
    public required string LedgerStream { get; init; }
    public required string NodeId { get; init; }
    /// <summary>The UTC hour of the ledger stream; every run of seconds below counts from its start.</summary>
    public required DateTimeOffset Hour { get; init; }
    /// <summary>The seconds of the hour the node reported in this event (run-length text): the node was present then.</summary>
    public required string Seconds { get; init; }
    public required IReadOnlyList<SealedGpuUsage> Gpus { get; init; }
}

/// <summary>
/// One GPU (or MIG slice) under one allocation, or under none (<see cref="TenantId"/> null: present
/// and unallocated), during <see cref="Seconds"/> of the hour. Each reading is a sum over the
/// seconds that had it, with how many did, so an average is exact and a missing reading (utilization
/// under MIG) is never taken for a zero. Energy is power summed over seconds, in joules.
/// </summary>
public sealed record SealedGpuUsage
{
    public required string GpuUuid { get; init; }
    public required string Model { get; init; }
    public string? MigProfile { get; init; }
    public string? TenantId { get; init; }
    public string? WorkloadId { get; init; }
    /// <summary>"on-demand" or "spot" when a tenant holds it; null when nobody does.</summary>
    public string? AllocationClass { get; init; }
    public required string Seconds { get; init; }
    public required int GpuSeconds { get; init; }
    public required decimal UtilizationPercentSeconds { get; init; }
    public required int UtilizationSamples { get; init; }
    public required long MemoryMiBSeconds { get; init; }
    public required int MemorySamples { get; init; }
    public required decimal EnergyJoules { get; init; }
    public required int PowerSamples { get; init; }
    public long? FirstEnergyMillijoules { get; init; }
    public long? LastEnergyMillijoules { get; init; }
}
