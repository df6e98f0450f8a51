using Metering.Contracts;

namespace Fleet.Tests.Efficiency;

internal static class Utilized
{
    /// <summary>The entry with a reading of <paramref name="percent"/> every second it covers, as nvidia-smi gives a whole GPU.</summary>
    public static SealedGpuUsage At(this SealedGpuUsage gpu, decimal percent) =>
        gpu with { UtilizationPercentSeconds = percent * gpu.GpuSeconds, UtilizationSamples = gpu.GpuSeconds };
}
