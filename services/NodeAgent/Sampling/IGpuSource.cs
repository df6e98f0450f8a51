namespace NodeAgent.Sampling;

/// <summary>Where readings come from: a real driver or a simulated fleet.</summary>
public interface IGpuSource
{
    /// <summary>One reading per node per second, in the order the seconds were sampled.</summary>
    IAsyncEnumerable<NodeReading> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>Every GPU of one node during one UTC second, before allocations are joined in.</summary>
public sealed record NodeReading(string NodeId, DateTimeOffset Second, IReadOnlyList<GpuReading> Gpus);

/// <summary>One GPU or MIG slice as the driver saw it. A reading the driver could not give is null.</summary>
public sealed record GpuReading(
    string GpuUuid,
    string Model,
    string? MigProfile,
    decimal? UtilizationPercent,
    long? MemoryUsedMiB,
    decimal? PowerWatts,
    long? EnergyMillijoules);
