using GpuBilling.HashChains;

namespace Metering.Ledger;

/// <summary>
/// Seconds of one node's hour entered the ledger for the first time. Each GPU-second the
/// node reported is in exactly one of these events, so replaying a stream gives back
/// exactly the GPU-seconds metered; the dimensions are kept as sums over those seconds.
/// Chained to the previous event of its node-hour stream when the sealer appends it.
/// </summary>
public sealed record NodeUsageRecorded(
    string NodeId,
    DateTimeOffset Hour,
    SecondSet Seconds,
    string Sequences,
    IReadOnlyList<GpuUsage> Gpus,
    DateTimeOffset RecordedAt,
    string RecordedBy) : ChainedEvent;

/// <summary>
/// One GPU (or MIG slice) under one allocation during the event's seconds. A GPU that changed
/// hands inside the window appears once per allocation; a null tenant means nobody held it.
/// </summary>
/// <param name="AllocationClass">"on-demand" or "spot" for an allocated GPU; null when nobody held it, and in events recorded before classes existed (all on demand).</param>
public sealed record GpuUsage(
    string GpuUuid,
    string Model,
    string? MigProfile,
    string? TenantId,
    string? WorkloadId,
    SecondSet Seconds,
    DimensionSums Sums,
    string? AllocationClass = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public int GpuSeconds => Seconds.Count;
}

/// <summary>
/// Sums of each reading over the seconds that had it, with how many seconds had it, so an
/// average is exact and a missing reading is never mistaken for a zero. Power summed over
/// seconds is energy in joules; the driver's energy counter is kept at both ends so a gap
/// can be measured rather than guessed.
/// </summary>
public sealed record DimensionSums(
    decimal UtilizationPercentSeconds,
    int UtilizationSamples,
    long MemoryMiBSeconds,
    int MemorySamples,
    decimal PowerJoules,
    int PowerSamples,
    long? FirstEnergyMillijoules,
    long? LastEnergyMillijoules);
