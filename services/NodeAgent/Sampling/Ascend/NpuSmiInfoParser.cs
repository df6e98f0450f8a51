using System.Globalization;

namespace NodeAgent.Sampling.Ascend;

/// <summary>One chip as <c>npu-smi info</c> lists it. A reading npu-smi shows as <c>NA</c> or <c>-</c> is null.</summary>
/// <param name="Name">The chip name exactly as npu-smi prints it ("910B2C", "310P3", "Ascend910").</param>
/// <param name="MemoryUsedMiB">
/// The chip's device memory: HBM where the table has an HBM column (910 series), the
/// Memory-Usage column otherwise (310 series, whose memory is DDR). npu-smi's "MB" are MiB (a 64 GiB
/// HBM shows as 65536).
/// </param>
public sealed record NpuChip(
    int NpuId, int ChipId, string Name, string? BusId, decimal? AiCorePercent, long? MemoryUsedMiB, decimal? PowerWatts);

/// <summary>
/// Reads the table of <c>npu-smi info</c>: two rows per chip (NPU id, name, health, power,
/// temperature and hugepages; then chip id, bus id, AI core use and memory pairs), separated by
/// <c>+===+</c> or <c>+---+</c> lines, and, after the chips, a process table that is ignored.
/// </summary>
/// <remarks>
/// The columns are found from the second header row: 910-series cards have Memory-Usage and
/// HBM-Usage, 310-series cards Memory-Usage only and a "Chip Device" first column; the Atlas A3
/// prints "Chip Phy-ID" and <c>-</c> for the power of a card's second chip.
/// </remarks>
public static class NpuSmiInfoParser
{
    /// <exception cref="FormatException">No chip table, or a chip row that cannot be read.</exception>
    public static IReadOnlyList<NpuChip> Parse(string output)
    {
        var chips = new List<NpuChip>();
        bool? hasHbm = null;
        string[]? firstRow = null;
        foreach (var line in output.Split('\n').Select(l => l.TrimEnd()))
        {
            if (!line.StartsWith('|')) continue;
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length != 3)
            {
                // The process table has more columns, and a "No running processes" row has one.
                if (hasHbm is not null && firstRow is null && line.Contains("Process", StringComparison.Ordinal)) break;
                continue;
            }
            if (cells[0].StartsWith("NPU", StringComparison.Ordinal))
            {
                if (cells[1].StartsWith("Process", StringComparison.Ordinal)) break;
                continue;
            }
            if (cells[0].StartsWith("Chip", StringComparison.Ordinal))
            {
                hasHbm = cells[2].Contains("HBM-Usage", StringComparison.Ordinal);
                continue;
            }
            if (hasHbm is not { } hbm) continue;

            if (firstRow is null)
            {
                firstRow = cells;
                continue;
            }
            chips.Add(Chip(firstRow, cells, hbm, line));
            firstRow = null;
        }

        if (hasHbm is null) throw new FormatException("The output of npu-smi info has no chip table.");
        if (firstRow is not null) throw new FormatException($"A chip's second row is missing after '{string.Join(" | ", firstRow)}'.");
        return chips;
    }

    private static NpuChip Chip(string[] first, string[] second, bool hasHbm, string line)
    {
        var npuAndName = first[0].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var chip = second[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (npuAndName.Length != 2 || chip.Length == 0)
            throw new FormatException($"Not a chip of npu-smi info: '{line}'.");

        var (powerAndTemperature, _) = Values(first[2]);
        var (aiCore, pairs) = Values(second[2]);
        var memory = hasHbm && pairs.Count > 1 ? pairs[1] : pairs.FirstOrDefault();
        return new NpuChip(
            NpuId: Integer(npuAndName[0], line),
            ChipId: Integer(chip[0], line),
            Name: npuAndName[1],
            BusId: Missing(second[1]) ? null : second[1],
            AiCorePercent: Number(aiCore.FirstOrDefault(), line),
            MemoryUsedMiB: memory.Used is { } used ? (long?)Number(used, line) : null,
            PowerWatts: Number(powerAndTemperature.FirstOrDefault(), line));
    }

    /// <summary>The single values of a cell, and its "used / total" pairs, in order.</summary>
    private static (List<string> Singles, List<(string? Used, string? Total)> Pairs) Values(string cell)
    {
        var tokens = cell.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var singles = new List<string>();
        var pairs = new List<(string?, string?)>();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (i + 2 < tokens.Length && tokens[i + 1] == "/")
            {
                pairs.Add((tokens[i], tokens[i + 2]));
                i += 2;
            }
            else singles.Add(tokens[i]);
        }
        return (singles, pairs);
    }

    private static bool Missing(string? text) => text is null or "" or "NA" or "-" or "N/A";

    private static decimal? Number(string? text, string line) =>
        Missing(text) ? null
        : decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FormatException($"'{text}' is not a number in '{line}'.");

    private static int Integer(string text, string line) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text}' is not an id in '{line}'.");
}
