namespace Metering.Contracts;

/// <summary>
/// The compact report: a short window of one node's seconds in one message, exactly what the
/// same seconds say as <see cref="GpuUsageReported"/>, without repeating per second what stays
/// the same. Seconds travel as ranges; each GPU appears once, with its allocation once per run of
/// equal allocations and its readings as arrays, one entry per second it was present.
/// </summary>
/// <remarks>
/// Published contract beside <see cref="GpuUsageReported"/>, which stays readable: metering takes
/// both during a rolling upgrade. MassTransit routes by full type name, so evolve it additively.
/// </remarks>
public sealed record GpuUsageWindowReported
{
    public required string NodeId { get; init; }

    /// <summary>The seconds, ascending, each range a run in which the second and the agent's sequence both go up by one.</summary>
    public required IReadOnlyList<SecondRange> Seconds { get; init; }

    public required IReadOnlyList<GpuWindow> Gpus { get; init; }

    /// <summary>How many seconds the report holds; a second's position counts from 0 across <see cref="Seconds"/> in order.</summary>
    public long SecondCount() => Seconds.Sum(r => (long)r.Count);

    /// <summary>
    /// The report for these seconds of one node, in sequence order: the one builder of it, the
    /// agent's hot path (<see cref="GpuWindows"/>). GPUs keep the order in which they first appear;
    /// a GPU whose model or MIG profile changes is a new entry.
    /// </summary>
    public static GpuUsageWindowReported Of(string nodeId, IReadOnlyList<NodeSecond> seconds)
    {
        var ranges = new List<SecondRange>(1);
        foreach (var second in seconds)
        {
            if (ranges.Count > 0 && ranges[^1] is var last
                && second.Second == last.First.AddSeconds(last.Count) && second.Sequence == last.FirstSequence + last.Count)
                ranges[^1] = last with { Count = last.Count + 1 };
            else
                ranges.Add(new SecondRange(second.Second, second.Sequence, 1));
        }
        return new GpuUsageWindowReported { NodeId = nodeId, Seconds = ranges, Gpus = GpuWindows.Of(seconds) };
    }

    /// <summary>The report's seconds as <see cref="GpuUsageReported"/> has them. Only for a report its validator accepted.</summary>
    public IReadOnlyList<NodeSecond> NodeSeconds()
    {
        var count = (int)SecondCount();
        var gpusOf = new List<GpuSample>[count];
        for (var i = 0; i < count; i++) gpusOf[i] = new List<GpuSample>(Gpus.Count);
        foreach (var gpu in Gpus) gpu.AddSamplesTo(gpusOf);

        var seconds = new NodeSecond[count];
        var position = 0;
        foreach (var range in Seconds)
            for (var i = 0; i < range.Count; i++, position++)
                seconds[position] = new NodeSecond { Sequence = range.FirstSequence + i, Second = range.First.AddSeconds(i), Gpus = gpusOf[position] };
        return seconds;
    }
}

/// <summary><paramref name="Count"/> seconds from <paramref name="First"/>, their sequences from <paramref name="FirstSequence"/>.</summary>
public sealed record SecondRange(DateTimeOffset First, long FirstSequence, int Count);

/// <summary>
/// One GPU (or MIG slice) through a window. Each reading array holds one entry per second in
/// <see cref="Present"/>, null where that second had no reading; an array left out means no
/// second had one (utilization under MIG).
/// </summary>
public sealed record GpuWindow
{
    public required string GpuUuid { get; init; }
    public required string Model { get; init; }
    public string? MigProfile { get; init; }

    /// <summary>The positions of the report's seconds that hold this GPU, as run-length text (<see cref="Runs"/>): "0-9".</summary>
    public required string Present { get; init; }

    /// <summary>Who held the GPU, second by second through <see cref="Present"/>, once per run of equal allocations.</summary>
    public required IReadOnlyList<AllocationRun> Allocations { get; init; }

    public IReadOnlyList<decimal?>? UtilizationPercent { get; init; }
    public IReadOnlyList<long?>? MemoryUsedMiB { get; init; }
    public IReadOnlyList<decimal?>? PowerWatts { get; init; }
    public IReadOnlyList<long?>? EnergyMillijoules { get; init; }

    internal void AddSamplesTo(List<GpuSample>[] gpusOf)
    {
        var index = 0;
        var allocation = 0;
        var leftInAllocation = Allocations[0].Seconds;
        foreach (var (first, last) in Runs.ParseRanges(Present))
            for (var position = first; position <= last; position++, index++)
            {
                if (leftInAllocation == 0) leftInAllocation = Allocations[++allocation].Seconds;
                leftInAllocation--;
                gpusOf[position].Add(new GpuSample
                {
                    GpuUuid = GpuUuid,
                    Model = Model,
                    MigProfile = MigProfile,
                    Allocation = Allocations[allocation].Allocation,
                    UtilizationPercent = UtilizationPercent?[index],
                    MemoryUsedMiB = MemoryUsedMiB?[index],
                    PowerWatts = PowerWatts?[index],
                    EnergyMillijoules = EnergyMillijoules?[index],
                });
            }
    }
}

/// <summary>An allocation (null: unallocated) that held a GPU for <paramref name="Seconds"/> of its present seconds in a row.</summary>
public sealed record AllocationRun(GpuAllocation? Allocation, int Seconds);
