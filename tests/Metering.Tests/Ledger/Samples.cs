using Metering.Contracts;

namespace Metering.Tests.Ledger;

/// <summary>Small, readable reports for decision tests.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Hour = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static GpuSample Gpu(string uuid, string? tenant = "acme", decimal utilization = 50m, decimal power = 300m) => new()
    {
        GpuUuid = uuid,
        Model = "NVIDIA H100 80GB HBM3",
        Allocation = tenant is null ? null : new GpuAllocation(tenant, "train-1"),
        UtilizationPercent = utilization,
        MemoryUsedMiB = 1000,
        PowerWatts = power,
        EnergyMillijoules = 5_000,
    };

    public static NodeSecond Second(int secondOfHour, long sequence, params GpuSample[] gpus) => new()
    {
        Sequence = sequence,
        Second = Hour.AddSeconds(secondOfHour),
        Gpus = gpus,
    };
}
