using Metering.Contracts;

namespace Metering.Ledger;

/// <summary>What metering tells pricing-independent consumers of a sealed ledger event: all of it, unallocated GPUs and readings included.</summary>
public static class SealedUsage
{
    public static NodeUsageSealed Of(Guid eventId, string stream, NodeUsageRecorded recorded) => new()
    {
        LedgerEventId = eventId,
        LedgerStream = stream,
        NodeId = recorded.NodeId,
        Hour = recorded.Hour,
        Seconds = recorded.Seconds.ToString(),
        Gpus =
        [
            .. recorded.Gpus.Select(g => new SealedGpuUsage
            {
                GpuUuid = g.GpuUuid,
                Model = g.Model,
                MigProfile = g.MigProfile,
                TenantId = g.TenantId,
                WorkloadId = g.WorkloadId,
                AllocationClass = g.TenantId is null ? null : g.AllocationClass ?? AllocationClasses.OnDemand,
                Seconds = g.Seconds.ToString(),
                GpuSeconds = g.GpuSeconds,
                UtilizationPercentSeconds = g.Sums.UtilizationPercentSeconds,
                UtilizationSamples = g.Sums.UtilizationSamples,
                MemoryMiBSeconds = g.Sums.MemoryMiBSeconds,
                MemorySamples = g.Sums.MemorySamples,
                EnergyJoules = g.Sums.PowerJoules,
                PowerSamples = g.Sums.PowerSamples,
                FirstEnergyMillijoules = g.Sums.FirstEnergyMillijoules,
                LastEnergyMillijoules = g.Sums.LastEnergyMillijoules,
            }),
        ],
    };
}
