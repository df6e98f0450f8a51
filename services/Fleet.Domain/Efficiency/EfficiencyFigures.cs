using Fleet.Usage;
using Metering.Contracts;

namespace Fleet.Efficiency;

/// <summary>
/// The efficiency classes of GPU-seconds, exact. <see cref="Present"/> = <see cref="Allocated"/> +
/// <see cref="Unallocated"/>, and of the allocated seconds <see cref="AllocatedIdle"/> and
/// <see cref="Unknown"/> (held, but no utilization reported, as MIG slices under nvidia-smi: neither
/// idle nor busy can be said) are apart. <see cref="Busy"/> is utilization-weighted over every
/// reading (the utilization·seconds sum / 100), <see cref="Measured"/> the seconds that had one.
/// A slice-second counts one GPU-second, as the ledger counts it.
/// </summary>
public sealed record EfficiencyFigures(long Present, long Allocated, long Unallocated, long AllocatedIdle, long Unknown, decimal Busy, long Measured)
{
    public static readonly EfficiencyFigures None = new(0, 0, 0, 0, 0, 0m, 0);

    /// <summary>GPU-seconds nobody used: held and idle, or not held at all.</summary>
    public long Wasted => AllocatedIdle + Unallocated;

    public EfficiencyFigures Plus(EfficiencyFigures other) => new(
        Present + other.Present, Allocated + other.Allocated, Unallocated + other.Unallocated, AllocatedIdle + other.AllocatedIdle,
        Unknown + other.Unknown, Busy + other.Busy, Measured + other.Measured);

    /// <summary>
    /// One GPU under one allocation in one ledger window. Held, it is idle when its average
    /// utilization over the seconds that had a reading is below <paramref name="idleBelowPercent"/>:
    /// all of the entry's seconds then are idle. Compared as sums (utilization·seconds against level ×
    /// seconds), so no average is rounded.
    /// </summary>
    public static EfficiencyFigures Of(SealedGpuUsage gpu, decimal idleBelowPercent)
    {
        var seconds = (long)gpu.GpuSeconds;
        var busy = gpu.UtilizationPercentSeconds / 100m;
        if (gpu.TenantId is null) return new(seconds, 0, seconds, 0, 0, busy, gpu.UtilizationSamples);
        if (gpu.UtilizationSamples == 0) return new(seconds, seconds, 0, 0, seconds, busy, 0);
        var idle = IsIdle(gpu, idleBelowPercent) ? seconds : 0;
        return new(seconds, seconds, 0, idle, 0, busy, gpu.UtilizationSamples);
    }

    /// <summary>
    /// One GPU under one holder over a node-day, as the sum of its entries classed one by one: its idle
    /// seconds are those of its held entries with readings that were idle by their own sums, as
    /// <see cref="Of"/> classes each (<see cref="DayGpuUsage.IdleSeconds"/>).
    /// </summary>
    public static EfficiencyFigures OfDay(StandingGpuUsage gpu)
    {
        var busy = gpu.UtilizationPercentSeconds / 100m;
        if (gpu.TenantId is null) return new(gpu.GpuSeconds, 0, gpu.GpuSeconds, 0, 0, busy, gpu.UtilizationSamples);
        return new(gpu.GpuSeconds, gpu.GpuSeconds, 0, gpu.IdleSeconds, gpu.UnmeasuredSeconds, busy, gpu.UtilizationSamples);
    }

    /// <summary>Whether a held entry with readings averaged below the level; false without a reading.</summary>
    public static bool IsIdle(SealedGpuUsage gpu, decimal idleBelowPercent) =>
        gpu.UtilizationSamples > 0 && gpu.UtilizationPercentSeconds < idleBelowPercent * gpu.UtilizationSamples;
}
