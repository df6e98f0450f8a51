namespace NodeAgent.Allocations.Slurm;

/// <summary>
/// One job holding GPUs of this node, as the prolog recorded it from the environment slurmd gave
/// it: `KEY=value` lines named after Slurm's own variables. <see cref="GpuIndexes"/> are this
/// node's GRES indices (SLURM_JOB_GPUS), not UUIDs.
/// </summary>
public sealed record SlurmJob(string JobId, string Account, string User, string Partition, IReadOnlyList<int> GpuIndexes)
{
    /// <exception cref="FormatException">A line that is not KEY=value, a missing job id or GPU list, or a GPU list that is not indices.</exception>
    public static SlurmJob Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            var equals = line.IndexOf('=');
            if (equals <= 0) throw new FormatException($"'{line}' is not KEY=value.");
            values[line[..equals]] = line[(equals + 1)..];
        }
        var jobId = values.GetValueOrDefault("SLURM_JOB_ID");
        if (string.IsNullOrEmpty(jobId)) throw new FormatException("SLURM_JOB_ID is missing.");
        return new SlurmJob(
            jobId,
            values.GetValueOrDefault("SLURM_JOB_ACCOUNT", ""),
            values.GetValueOrDefault("SLURM_JOB_USER", ""),
            values.GetValueOrDefault("SLURM_JOB_PARTITION", ""),
            ParseIndexes(values.GetValueOrDefault("SLURM_JOB_GPUS") ?? throw new FormatException("SLURM_JOB_GPUS is missing.")));
    }

    /// <summary>"0,1,3" as Slurm writes it; ranges ("0-2") are taken too.</summary>
    private static List<int> ParseIndexes(string list)
    {
        var indexes = new List<int>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries))
        {
            var bounds = item.Split('-');
            if (bounds.Length > 2 || !bounds.All(b => int.TryParse(b, out var i) && i >= 0))
                throw new FormatException($"SLURM_JOB_GPUS '{list}' is not a list of GPU indices.");
            var (first, last) = (int.Parse(bounds[0]), int.Parse(bounds[^1]));
            if (last < first) throw new FormatException($"SLURM_JOB_GPUS '{list}' has a range that runs backwards.");
            indexes.AddRange(Enumerable.Range(first, last - first + 1));
        }
        return indexes;
    }
}
