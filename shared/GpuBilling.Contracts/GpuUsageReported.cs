namespace Metering.Contracts;

/// <summary>
/// What every GPU of one node was doing, second by second. An agent publishes one per
/// node per second; a backlog replayed from its spool may carry several seconds.
/// </summary>
/// <remarks>Published contract: MassTransit routes by full type name, so evolve it additively.</remarks>
public sealed record GpuUsageReported
{
    public required string NodeId { get; init; }
    public required IReadOnlyList<NodeSecond> Seconds { get; init; }
}

/// <summary>One sampled second of a node. <see cref="Second"/> is the UTC second the sample covers.</summary>
public sealed record NodeSecond
{
    /// <summary>The agent's own counter, one per sampled second, never reused: a hole in it is a lost report.</summary>
    public required long Sequence { get; init; }
    public required DateTimeOffset Second { get; init; }
    public required IReadOnlyList<GpuSample> Gpus { get; init; }
}

/// <summary>One GPU (or MIG slice) during one second. Missing readings are null, never zero.</summary>
public sealed record GpuSample
{
    public required string GpuUuid { get; init; }
    public required string Model { get; init; }
    public string? MigProfile { get; init; }
    /// <summary>Who holds the GPU. Null: unallocated, sampled but billable to nobody.</summary>
    public GpuAllocation? Allocation { get; init; }
    public decimal? UtilizationPercent { get; init; }
    public long? MemoryUsedMiB { get; init; }
    public decimal? PowerWatts { get; init; }
    /// <summary>The driver's monotonic energy counter in millijoules, where the GPU has one.</summary>
    public long? EnergyMillijoules { get; init; }
}

/// <summary>Who holds a GPU, and on what terms it was allocated.</summary>
public sealed record GpuAllocation(string TenantId, string WorkloadId)
{
    /// <summary>"on-demand" or "spot" (<see cref="AllocationClasses"/>); absent in reports from agents that predate it, which were all on demand.</summary>
    public string AllocationClass { get; init; } = AllocationClasses.OnDemand;
}

/// <summary>
/// The terms a GPU can be allocated on, each priced by its own rate. Text rather than an enum:
/// the class crosses every service boundary as this exact name.
/// </summary>
public static class AllocationClasses
{
    public const string OnDemand = "on-demand";
    public const string Spot = "spot";

    public static IReadOnlyList<string> All { get; } = [OnDemand, Spot];

    public static bool IsKnown(string? allocationClass) => allocationClass is OnDemand or Spot;
}
