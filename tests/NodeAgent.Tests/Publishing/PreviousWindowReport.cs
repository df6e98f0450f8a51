using Metering.Contracts;

namespace NodeAgent.Tests.Publishing;

/// <summary>
/// The contract's builder of the compact report as it was before the agent's fast path moved into
/// it (8c51fb1), kept verbatim as the oracle: metering has counted reports built this way since
/// the compact report was introduced, so the one builder must give exactly this, byte for byte.
/// </summary>
internal static class PreviousWindowReport
{
    public static GpuUsageWindowReported Of(string nodeId, IReadOnlyList<NodeSecond> seconds)
    {
        var ranges = new List<SecondRange>();
        foreach (var second in seconds)
        {
            if (ranges.Count > 0 && ranges[^1] is var last
                && second.Second == last.First.AddSeconds(last.Count) && second.Sequence == last.FirstSequence + last.Count)
                ranges[^1] = last with { Count = last.Count + 1 };
            else
                ranges.Add(new SecondRange(second.Second, second.Sequence, 1));
        }

        var gpus = new Dictionary<(string, string, string?), List<(int Position, GpuSample Sample)>>();
        for (var position = 0; position < seconds.Count; position++)
            foreach (var sample in seconds[position].Gpus)
            {
                var key = (sample.GpuUuid, sample.Model, sample.MigProfile);
                if (!gpus.TryGetValue(key, out var present)) gpus[key] = present = [];
                present.Add((position, sample));
            }

        return new GpuUsageWindowReported
        {
            NodeId = nodeId,
            Seconds = ranges,
            Gpus = [.. gpus.Select(g => GpuWindowOf(g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Value))],
        };
    }

    private static GpuWindow GpuWindowOf(string uuid, string model, string? migProfile, List<(int Position, GpuSample Sample)> present)
    {
        var allocations = new List<AllocationRun>();
        foreach (var (_, sample) in present)
        {
            if (allocations.Count > 0 && allocations[^1].Allocation == sample.Allocation)
                allocations[^1] = allocations[^1] with { Seconds = allocations[^1].Seconds + 1 };
            else
                allocations.Add(new AllocationRun(sample.Allocation, 1));
        }
        return new GpuWindow
        {
            GpuUuid = uuid,
            Model = model,
            MigProfile = migProfile,
            Present = Runs.Format(present.Select(p => (long)p.Position)),
            Allocations = allocations,
            UtilizationPercent = Readings(present, s => s.UtilizationPercent),
            MemoryUsedMiB = Readings(present, s => s.MemoryUsedMiB),
            PowerWatts = Readings(present, s => s.PowerWatts),
            EnergyMillijoules = Readings(present, s => s.EnergyMillijoules),
        };
    }

    private static List<T?>? Readings<T>(List<(int Position, GpuSample Sample)> present, Func<GpuSample, T?> reading) where T : struct
    {
        var values = present.Select(p => reading(p.Sample)).ToList();
        return values.Any(v => v.HasValue) ? values : null;
    }
}
