using System.Text.Json.Serialization;

namespace Fleet.Inventory;

/// <summary>
/// <paramref name="Count"/> GPUs of one model held on a node. <paramref name="MigProfile"/> is set when
/// the supplier rents MIG slices of that profile as such; null for whole GPUs. A whole GPU the operator
/// partitions itself names <paramref name="MigComputeSlices"/>, the compute slices it is cut into (7 on
/// an A100 or H100, 4 on an A30), which is what a slice's share of it is counted in.
/// </summary>
public sealed record HeldGpus(string Model, int Count, string? MigProfile = null, int? MigComputeSlices = null)
{
    // Derived, so never written: an event's hash covers what it stores, and must not change when these do.
    [JsonIgnore]
    public CostKey Key => new(Model, MigProfile);

    /// <summary>How many units one GPU of this holding is: its compute slices, or 1.</summary>
    [JsonIgnore]
    public int UnitsPerGpu => MigComputeSlices ?? 1;
}

/// <summary>What a GPU-second is costed by: the model and, for slices rented as such, their MIG profile.</summary>
public sealed record CostKey(string Model, string? MigProfile)
{
    /// <summary>Slash-separated because model names from nvidia-smi contain spaces.</summary>
    public override string ToString() => MigProfile is null ? Model : $"{Model}/{MigProfile}";
}
