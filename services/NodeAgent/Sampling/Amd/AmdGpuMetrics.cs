namespace NodeAgent.Sampling.Amd;

/// <summary>What <c>amd-smi metric --json</c> says about one GPU now; a reading it shows as "N/A" or leaves out is null.</summary>
public sealed record AmdGpuMetrics(int Index, decimal? UtilizationPercent, long? MemoryUsedMiB, decimal? PowerWatts)
{
    private static readonly Dictionary<string, decimal> Percent = new() { ["%"] = 1m };
    // amd-smi's "MB" are MiB: an MI300X's 192 GiB shows as 196592 MB.
    private static readonly Dictionary<string, decimal> MiB = new() { ["MB"] = 1m, ["MiB"] = 1m, ["GB"] = 1024m };
    private static readonly Dictionary<string, decimal> Watts = new() { ["W"] = 1m, ["mW"] = 0.001m };

    /// <summary>GFX activity, used VRAM and socket power, by amd-smi's GPU index.</summary>
    /// <exception cref="FormatException">Not amd-smi's JSON, or a value in a unit this agent does not convert.</exception>
    public static IReadOnlyDictionary<int, AmdGpuMetrics> Parse(string output) =>
        AmdSmiJson.Gpus(output).ToDictionary(g => g.Index, g => new AmdGpuMetrics(
            g.Index,
            AmdSmiJson.Quantity(g.Gpu, Percent, "usage", "gfx_activity"),
            AmdSmiJson.Quantity(g.Gpu, MiB, "mem_usage", "used_vram") is { } used ? (long)decimal.Round(used) : null,
            AmdSmiJson.Quantity(g.Gpu, Watts, "power", "socket_power")));
}
