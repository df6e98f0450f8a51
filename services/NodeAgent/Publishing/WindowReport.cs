using Metering.Contracts;
using NodeAgent.Spooling;

namespace NodeAgent.Publishing;

/// <summary>
/// The compact report of one node's batch, exactly as <see cref="GpuUsageWindowReported.Of"/>
/// builds it, without its per-sample tuples, dictionary and LINQ (most of the agent's CPU per
/// node-second once reports were compact). A node reads the same GPUs in the same order second
/// after second, so that case is built straight into arrays; any other batch (a GPU appears or
/// goes, a MIG profile changes) is left to the contract's own builder.
/// </summary>
internal static class WindowReport
{
    public static GpuUsageWindowReported Of(IReadOnlyList<SpooledSecond> seconds)
    {
        var nodeId = seconds[0].NodeId;
        if (!SameGpusThroughout(seconds))
        {
            var nodeSeconds = new NodeSecond[seconds.Count];
            for (var i = 0; i < nodeSeconds.Length; i++) nodeSeconds[i] = seconds[i].Second;
            return GpuUsageWindowReported.Of(nodeId, nodeSeconds);
        }

        var ranges = new List<SecondRange>(1);
        foreach (var spooled in seconds)
        {
            var second = spooled.Second;
            if (ranges.Count > 0 && ranges[^1] is var last
                && second.Second == last.First.AddSeconds(last.Count) && second.Sequence == last.FirstSequence + last.Count)
                ranges[^1] = last with { Count = last.Count + 1 };
            else
                ranges.Add(new SecondRange(second.Second, second.Sequence, 1));
        }

        var count = seconds.Count;
        var present = count == 1 ? "0" : $"0-{count - 1}";
        var layout = seconds[0].Second.Gpus;
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
                var sample = seconds[s].Second.Gpus[g];
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
        return new GpuUsageWindowReported { NodeId = nodeId, Seconds = ranges, Gpus = gpus };
    }

    /// <summary>Every second holds the first second's GPUs (UUID, model, profile) in its order, none twice.</summary>
    private static bool SameGpusThroughout(IReadOnlyList<SpooledSecond> seconds)
    {
        var layout = seconds[0].Second.Gpus;
        for (var g = 0; g < layout.Count; g++)
            for (var other = 0; other < g; other++)
                if (SameGpu(layout[g], layout[other])) return false;
        for (var s = 1; s < seconds.Count; s++)
        {
            var gpus = seconds[s].Second.Gpus;
            if (gpus.Count != layout.Count) return false;
            for (var g = 0; g < gpus.Count; g++)
                if (!SameGpu(gpus[g], layout[g])) return false;
        }
        return true;
    }

    private static bool SameGpu(GpuSample a, GpuSample b) =>
        a.GpuUuid == b.GpuUuid && a.Model == b.Model && a.MigProfile == b.MigProfile;
}
