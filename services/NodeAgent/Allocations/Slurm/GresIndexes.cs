namespace NodeAgent.Allocations.Slurm;

/// <summary>
/// This node's GRES index to GPU UUID, from `gpus.csv` as `nvidia-smi --query-gpu=index,uuid
/// --format=csv,noheader` prints it ("0, GPU-6f1c…"). Slurm numbers a node's GPUs in gres.conf
/// order, which is nvidia-smi's (PCI bus) order with AutoDetect=nvml.
/// </summary>
public static class GresIndexes
{
    /// <exception cref="FormatException">A line that is not "index, uuid", or an index listed twice.</exception>
    public static IReadOnlyDictionary<int, string> Parse(string csv)
    {
        var uuids = new Dictionary<int, string>();
        foreach (var line in csv.Split('\n', StringSplitOptions.TrimEntries))
        {
            // The header, where the list was taken without `noheader`.
            if (line.Length == 0 || line.StartsWith("index", StringComparison.Ordinal)) continue;
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length != 2 || !int.TryParse(fields[0], out var index) || index < 0 || fields[1].Length == 0)
                throw new FormatException($"'{line}' is not 'index, uuid'.");
            if (!uuids.TryAdd(index, fields[1])) throw new FormatException($"GPU index {index} is listed twice.");
        }
        return uuids;
    }
}
