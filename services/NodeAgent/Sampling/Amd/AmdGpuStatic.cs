using System.Text.RegularExpressions;

namespace NodeAgent.Sampling.Amd;

/// <summary>What <c>amd-smi static --json</c> says about one GPU: its model and what identifies it.</summary>
/// <param name="Model">The ASIC's market name ("AMD Instinct MI210") exactly as amd-smi prints it, else the board's product name.</param>
public sealed partial record AmdGpuStatic(int Index, string Model, string? Serial, string? Bdf)
{
    /// <exception cref="FormatException">Not amd-smi's JSON, or a GPU with no name at all.</exception>
    public static IReadOnlyDictionary<int, AmdGpuStatic> Parse(string output) =>
        AmdSmiJson.Gpus(output).ToDictionary(g => g.Index, g => new AmdGpuStatic(
            g.Index,
            AmdSmiJson.Text(g.Gpu, "asic", "market_name") ?? AmdSmiJson.Text(g.Gpu, "board", "product_name")
                ?? throw new FormatException($"GPU {g.Index} has neither a market name nor a product name."),
            SerialOrNull(AmdSmiJson.Text(g.Gpu, "asic", "asic_serial")) ?? SerialOrNull(AmdSmiJson.Text(g.Gpu, "board", "product_serial")),
            AmdSmiJson.Text(g.Gpu, "bus", "bdf")));

    /// <summary>
    /// The id the GPU is billed and allocated under. The ASIC serial is burnt into the chip (else
    /// the board's serial), so it survives reboots and moves, "AMD-0x4162405E51BB99B0"; without one
    /// (amd-smi inside some containers and VMs shows none), the node and the PCIe address,
    /// "AMD-node-7-0000:03:00.0", which holds while the GPU stays in its slot; without that either,
    /// the node and amd-smi's index, which holds while the node's GPUs stay as they are.
    /// </summary>
    public string IdentityOn(string nodeId) =>
        Serial is { } serial ? $"AMD-{serial}"
        : Bdf is { } bdf ? $"AMD-{nodeId}-{bdf}"
        : $"AMD-{nodeId}-gpu{AmdSmiJson.Invariant(Index)}";

    // amd-smi prints a missing serial as "0", "0x0" or a run of zeros rather than N/A.
    private static string? SerialOrNull(string? text) => text is null || NoSerial().IsMatch(text) ? null : text;

    [GeneratedRegex("^(0x)?0*$", RegexOptions.IgnoreCase)]
    private static partial Regex NoSerial();
}
