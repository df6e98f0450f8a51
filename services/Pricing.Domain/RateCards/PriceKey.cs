using Metering.Contracts;

namespace Pricing.RateCards;

/// <summary>
/// What a GPU-second is priced by: the GPU model, the MIG profile of the slice (null for a
/// whole GPU) and the allocation class. Kept as plain text so it reads the same in events,
/// lines and messages, and compares ordinally everywhere.
/// </summary>
public sealed record PriceKey(string GpuModel, string? MigProfile, string AllocationClass)
{
    public static PriceKey OnDemand(string gpuModel, string? migProfile = null) => new(gpuModel, migProfile, AllocationClasses.OnDemand);

    public static PriceKey Spot(string gpuModel, string? migProfile = null) => new(gpuModel, migProfile, AllocationClasses.Spot);

    /// <summary>Model, then whole GPU before its slices, then class: the order lines are written in.</summary>
    public static IComparer<PriceKey> Order { get; } = Comparer<PriceKey>.Create((a, b) =>
    {
        var byModel = string.CompareOrdinal(a.GpuModel, b.GpuModel);
        if (byModel != 0) return byModel;
        var byProfile = string.CompareOrdinal(a.MigProfile, b.MigProfile);
        return byProfile != 0 ? byProfile : string.CompareOrdinal(a.AllocationClass, b.AllocationClass);
    });

    /// <summary>Slash-separated because model names from nvidia-smi contain spaces ("NVIDIA H100 80GB HBM3").</summary>
    public override string ToString() =>
        MigProfile is null ? $"{GpuModel}/{AllocationClass}" : $"{GpuModel}/{MigProfile}/{AllocationClass}";
}
