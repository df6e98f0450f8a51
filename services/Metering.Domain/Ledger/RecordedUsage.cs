using Metering.Contracts;

namespace Metering.Ledger;

/// <summary>What metering tells the other services of a sealed ledger event: its allocated part, the event's id for consumers to count it once.</summary>
public static class RecordedUsage
{
    /// <summary>The allocated part of a ledger event; seconds held by nobody are billed to nobody.</summary>
    public static UsageRecorded Of(Guid eventId, string stream, NodeUsageRecorded recorded) => new()
    {
        LedgerEventId = eventId,
        LedgerStream = stream,
        NodeId = recorded.NodeId,
        Hour = recorded.Hour,
        Usage =
        [
            .. recorded.Gpus
                .Where(g => g.TenantId is not null)
                .Select(g => new AllocatedUsage
                {
                    TenantId = g.TenantId!,
                    WorkloadId = g.WorkloadId ?? "",
                    GpuUuid = g.GpuUuid,
                    Model = g.Model,
                    MigProfile = g.MigProfile,
                    AllocationClass = g.AllocationClass ?? AllocationClasses.OnDemand,
                    Seconds = g.Seconds.ToString(),
                    GpuSeconds = g.GpuSeconds,
                    EnergyJoules = g.Sums.PowerJoules,
                }),
        ],
    };
}
