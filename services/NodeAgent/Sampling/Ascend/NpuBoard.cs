namespace NodeAgent.Sampling.Ascend;

/// <summary>What <c>npu-smi info -t board -i N</c> says about one NPU card; a field it shows as NA is null.</summary>
public sealed record NpuBoard(string? SerialNumber, string? PcieBusInfo)
{
    /// <summary>Reads the "Name : value" lines; fields this agent does not use are skipped.</summary>
    public static NpuBoard Parse(string output)
    {
        var fields = output.Split('\n')
            .Select(line => line.Split(':', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0], parts => parts[1])
            .ToDictionary(g => g.Key, g => g.First());
        return new NpuBoard(Present(fields, "Serial Number"), Present(fields, "PCIe Bus Info"));
    }

    private static string? Present(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value is not ("" or "NA" or "N/A") ? value : null;
}

/// <summary>
/// The id a chip is billed and allocated under (<see cref="GpuReading.GpuUuid"/>). npu-smi gives
/// no UUID, and its NPU ids are logical: they follow the order the driver found the cards in.
/// </summary>
public static class NpuIdentity
{
    /// <summary>
    /// The card's serial number and the chip's index on it, "NPU-102415083974-0": printed on the
    /// card, so it survives reboots, driver reinstalls and moving the card to another slot or node.
    /// A card whose board query shows no serial falls back to the node and the chip's PCIe address,
    /// "NPU-node-7-0000:66:00.0-0", which survives reboots as long as the card stays in its slot.
    /// </summary>
    public static string Of(string nodeId, NpuChip chip, NpuBoard board) =>
        board.SerialNumber is { } serial ? $"NPU-{serial}-{chip.ChipId}"
        : (chip.BusId ?? board.PcieBusInfo) is { } bus ? $"NPU-{nodeId}-{bus}-{chip.ChipId}"
        : $"NPU-{nodeId}-npu{chip.NpuId}-{chip.ChipId}";
}
