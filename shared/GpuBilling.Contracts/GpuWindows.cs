namespace Metering.Contracts;

/// <summary>
/// The GPUs of a compact report, built from a node's seconds. A node reads the same GPUs in the
/// same order second after second, so that case is built straight into arrays, without the
/// general case's per-sample tuples, dictionary and LINQ: those were most of the agent's CPU per
/// node-second once its reports were compact. Any other window (a GPU appears or goes, a MIG
/// profile changes, a GPU twice in a second) takes the general case; both give the same report.
/// </summary>
internal static class GpuWindows
{
    public static GpuWindow[] Of(IReadOnlyList<NodeSecond> seconds) =>
        SameGpusThroughout(seconds) ? OfOneLayout(seconds) : ByFirstAppearance(seconds);

    private static GpuWindow[] OfOneLayout(IReadOnlyList<NodeSecond> seconds)
    {
        var count = seconds.Count;
        var present = count == 1 ? "0" : $"0-{count - 1}";
        var layout = seconds[0].Gpus;
        var gpus = new GpuWindow[layout.Count];
        for (var g = 0; g < gpus.Length; g++)
        {
            var utilization = new decimal?[count];
            var memory = new long?[count];
            var power = new decimal?[count];
            var energy = new long?[count];
            bool anyUtilization = false, anyMemory = false, anyPower = false, anyEnergy = false;
            var allocations = new List<AllocationRun>(1);
            for (var s = 0; s < count; s++)
            {
                var sample = seconds[s].Gpus[g];
                if (allocations.Count > 0 && allocations[^1].Allocation == sample.Allocation)
                    allocations[^1] = allocations[^1] with { Seconds = allocations[^1].Seconds + 1 };
                else
                    allocations.Add(new AllocationRun(sample.Allocation, 1));
                anyUtilization |= (utilization[s] = sample.UtilizationPercent).HasValue;
                anyMemory |= (memory[s] = sample.MemoryUsedMiB).HasValue;
                anyPower |= (power[s] = sample.PowerWatts).HasValue;
                anyEnergy |= (energy[s] = sample.EnergyMillijoules).HasValue;
            }
            gpus[g] = new GpuWindow
            {
                GpuUuid = layout[g].GpuUuid,
                Model = layout[g].Model,
                MigProfile = layout[g].MigProfile,
                Present = present,
                Allocations = allocations,
                UtilizationPercent = anyUtilization ? utilization : null,
                MemoryUsedMiB = anyMemory ? memory : null,
                PowerWatts = anyPower ? power : null,
                EnergyMillijoules = anyEnergy ? energy : null,
            };
        }
        return gpus;
    }

    /// <summary>GPUs in the order in which they first appear; a GPU whose model or MIG profile changes is a new entry.</summary>
    private static GpuWindow[] ByFirstAppearance(IReadOnlyList<NodeSecond> seconds)
    {
        var gpus = new Dictionary<(string, string, string?), List<(int Position, GpuSample Sample)>>();
        for (var position = 0; position < seconds.Count; position++)
            foreach (var sample in seconds[position].Gpus)
            {
                var key = (sample.GpuUuid, sample.Model, sample.MigProfile);
                if (!gpus.TryGetValue(key, out var present)) gpus[key] = present = [];
                present.Add((position, sample));
            }
        return [.. gpus.Select(g => Of(g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Value))];
    }

    private static GpuWindow Of(string uuid, string model, string? migProfile, List<(int Position, GpuSample Sample)> present)
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

    /// <summary>At least one second, and every second holds the first second's GPUs (UUID, model, profile) in its order, none twice.</summary>
    private static bool SameGpusThroughout(IReadOnlyList<NodeSecond> seconds)
    {
        if (seconds.Count == 0) return false;
        var layout = seconds[0].Gpus;
        for (var g = 0; g < layout.Count; g++)
            for (var other = 0; other < g; other++)
                if (SameGpu(layout[g], layout[other])) return false;
        for (var s = 1; s < seconds.Count; s++)
        {
            var gpus = seconds[s].Gpus;
            if (gpus.Count != layout.Count) return false;
            for (var g = 0; g < gpus.Count; g++)
                if (!SameGpu(gpus[g], layout[g])) return false;
        }
        return true;
    }

    private static bool SameGpu(GpuSample a, GpuSample b) =>
        a.GpuUuid == b.GpuUuid && a.Model == b.Model && a.MigProfile == b.MigProfile;
}
