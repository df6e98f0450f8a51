using Metering.Contracts;

namespace Metering.Tests.Ingestion;

/// <summary>Reports for seconds of the hour before the current one: inside the accepted lateness, never in the future.</summary>
internal static class Reports
{
    public static DateTimeOffset LastHour
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
        }
    }

    public const string H100 = "NVIDIA H100 80GB HBM3";

    public static GpuUsageReported Report(string nodeId, IEnumerable<int> secondsOfHour, Func<int, GpuSample[]> gpus, DateTimeOffset? hour = null)
    {
        var start = hour ?? LastHour;
        return new GpuUsageReported
        {
            NodeId = nodeId,
            Seconds = [.. secondsOfHour.Select(s => new NodeSecond { Sequence = s, Second = start.AddSeconds(s), Gpus = gpus(s) })],
        };
    }

    public static GpuSample Gpu(string uuid, string? tenant, decimal power = 300m, string allocationClass = AllocationClasses.OnDemand) => new()
    {
        GpuUuid = uuid,
        Model = H100,
        Allocation = tenant is null ? null : new GpuAllocation(tenant, "job-1") { AllocationClass = allocationClass },
        UtilizationPercent = 75m,
        MemoryUsedMiB = 40_000,
        PowerWatts = power,
    };
}
