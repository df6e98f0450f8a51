using System.Text.RegularExpressions;

namespace NodeAgent.Sampling.NvidiaSmi;

/// <summary>One MIG device as <c>nvidia-smi -L</c> lists it: its UUID and profile ("3g.40gb", "1c.3g.71gb").</summary>
internal sealed record MigSlice(string Uuid, string Profile);

/// <summary>The MIG slices of each partitioned GPU, by the parent GPU's UUID.</summary>
internal sealed record MigListing(IReadOnlyDictionary<string, IReadOnlyList<MigSlice>> SlicesByGpuUuid)
{
    public static MigListing None { get; } = new(new Dictionary<string, IReadOnlyList<MigSlice>>());

    /// <summary>
    /// Replaces every partitioned GPU by its slices: under MIG the slices are what tenants hold,
    /// so they are the billable units, and the parent must not be billed beside them.
    /// </summary>
    /// <remarks>
    /// A slice keeps its parent's model and nothing else. nvidia-smi prints [N/A] for a
    /// partitioned GPU's utilization and has no per-slice figure in <c>--query-gpu</c>; the
    /// memory and power it reports are the whole board's, shared by all slices, and splitting
    /// them would be a guess. The per-slice memory nvidia-smi shows lives only in its
    /// human-readable table, which is no stable interface. So slices carry no dimensions;
    /// NVML queried per MIG device, or DCGM, is the sound source for them.
    /// </remarks>
    public IReadOnlyList<GpuReading> Split(IReadOnlyList<GpuReading> gpus) =>
        gpus.SelectMany(gpu => SlicesByGpuUuid.TryGetValue(gpu.GpuUuid, out var slices)
                ? slices.Select(slice => new GpuReading(slice.Uuid, gpu.Model, slice.Profile, null, null, null, null))
                : [gpu])
            .ToArray();
}

/// <summary>Reads the MIG slices out of <c>nvidia-smi -L</c>.</summary>
/// <example>
/// <code>
/// GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b)
///   MIG 3g.40gb     Device  0: (UUID: MIG-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d)
/// GPU 1: NVIDIA H100 80GB HBM3 (UUID: GPU-...)
/// </code>
/// </example>
internal static partial class MigListingParser
{
    /// <exception cref="FormatException">
    /// A line is neither a GPU nor a MIG device. Rejecting it keeps the previous listing in
    /// use, where skipping it could silently turn slices back into a whole, unbillable GPU.
    /// </exception>
    public static MigListing Parse(string output)
    {
        var slicesByGpu = new Dictionary<string, IReadOnlyList<MigSlice>>();
        List<MigSlice>? currentGpuSlices = null;
        foreach (var line in output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0))
        {
            if (GpuLine().Match(line) is { Success: true } gpu)
            {
                currentGpuSlices = [];
                slicesByGpu[gpu.Groups["uuid"].Value] = currentGpuSlices;
            }
            else if (MigLine().Match(line) is { Success: true } mig)
            {
                (currentGpuSlices ?? throw new FormatException($"A MIG device came before its GPU: '{line}'."))
                    .Add(new MigSlice(mig.Groups["uuid"].Value, mig.Groups["profile"].Value));
            }
            else
            {
                throw new FormatException($"Not a line of 'nvidia-smi -L': '{line}'.");
            }
        }
        return new MigListing(slicesByGpu.Where(g => g.Value.Count > 0).ToDictionary());
    }

    [GeneratedRegex(@"^GPU \d+: .+ \(UUID: (?<uuid>GPU-[^)\s]+)\)$")]
    private static partial Regex GpuLine();

    // The UUID pattern also takes the older "MIG-GPU-<uuid>/<gi>/<ci>" form of R450 and R460 drivers.
    [GeneratedRegex(@"^\s+MIG (?<profile>\S+)\s+Device\s+\d+: \(UUID: (?<uuid>MIG-[^)\s]+)\)$")]
    private static partial Regex MigLine();
}
