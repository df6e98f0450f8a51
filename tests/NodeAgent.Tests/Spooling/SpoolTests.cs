using Metering.Contracts;
using NodeAgent.Spooling;

namespace NodeAgent.Tests.Spooling;

/// <summary>The spool on the real file system: a restart is a new <see cref="Spool"/> on the same folder.</summary>
public sealed class SpoolTests : IDisposable
{
    private const string NodeA = "node-a";
    private const string NodeB = "node-b";

    private readonly string _path = Directory.CreateTempSubdirectory("spool-").FullName;

    public void Dispose() => Directory.Delete(_path, recursive: true);

    private static DateTimeOffset Second(int n) => new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddSeconds(n);

    // Every field set, including the ones a lossy round trip would drop: nulls, decimals, the allocation.
    private static IReadOnlyList<GpuSample> Gpus(int n) =>
    [
        new GpuSample
        {
            GpuUuid = "GPU-0a1b", Model = "NVIDIA H100 80GB HBM3", MigProfile = null,
            Allocation = new GpuAllocation("acme", $"train-{n}"),
            UtilizationPercent = 100m, MemoryUsedMiB = 29089, PowerWatts = 154.88m + n, EnergyMillijoules = 1_000_000L + n,
        },
        new GpuSample
        {
            GpuUuid = "MIG-9f8e", Model = "NVIDIA A100-SXM4-40GB", MigProfile = "3g.20gb",
            Allocation = null,
            UtilizationPercent = null, MemoryUsedMiB = null, PowerWatts = null, EnergyMillijoules = null,
        },
    ];

    private Spool NewSpool() => new(new SpoolOptions { Path = _path }, Microsoft.Extensions.Logging.Abstractions.NullLogger<Spool>.Instance);

    private static Task<SpooledSecond> Append(Spool spool, string nodeId, int second) =>
        spool.AppendAsync(nodeId, Second(second), Gpus(second), CancellationToken.None);

    private static List<(string NodeId, long Sequence)> Sequences(IEnumerable<IReadOnlyList<SpooledSecond>> batches) =>
        batches.SelectMany(batch => batch).Select(s => (s.NodeId, s.Second.Sequence)).Order().ToList();

    [Fact]
    public async Task Sequences_count_from_zero_per_node_and_nodes_do_not_share_them()
    {
        var spool = NewSpool();

        var sequences = new List<long>();
        foreach (var nodeId in new[] { NodeA, NodeA, NodeB, NodeA, NodeB })
            sequences.Add((await Append(spool, nodeId, sequences.Count)).Second.Sequence);

        Assert.Equal([0, 1, 0, 2, 1], sequences);
        Assert.Equal(5, spool.PendingCount);
    }

    [Fact]
    public async Task Oldest_gives_each_node_its_oldest_seconds_first_and_no_more_than_asked()
    {
        var spool = NewSpool();
        for (var n = 0; n < 4; n++) await Append(spool, NodeA, n);
        await Append(spool, NodeB, 10);

        var batches = spool.Oldest(perNode: 3).OrderBy(batch => batch[0].NodeId).ToList();

        Assert.Equal(2, batches.Count);
        Assert.Equal([0L, 1L, 2L], batches[0].Select(s => s.Second.Sequence));
        Assert.Equal([Second(0), Second(1), Second(2)], batches[0].Select(s => s.Second.Second));
        Assert.All(batches[0], s => Assert.Equal(NodeA, s.NodeId));
        var onlyOfB = Assert.Single(batches[1]);
        Assert.Equal((NodeB, 0L, Second(10)), (onlyOfB.NodeId, onlyOfB.Second.Sequence, onlyOfB.Second.Second));
    }

    [Fact]
    public async Task Confirmed_seconds_leave_the_disk_and_are_no_longer_pending()
    {
        var spool = NewSpool();
        var first = await Append(spool, NodeA, 0);
        var second = await Append(spool, NodeA, 1);
        var third = await Append(spool, NodeA, 2);

        spool.Confirm([first, second]);

        Assert.False(File.Exists(first.File));
        Assert.False(File.Exists(second.File));
        Assert.True(File.Exists(third.File));
        Assert.Equal(1, spool.PendingCount);
        Assert.Equal([(NodeA, 2L)], Sequences(spool.Oldest(perNode: 10)));
    }

    [Fact]
    public async Task A_restarted_spool_recovers_every_unconfirmed_second()
    {
        var before = NewSpool();
        var spooled = new List<SpooledSecond>();
        for (var n = 0; n < 3; n++) spooled.Add(await Append(before, NodeA, n));
        for (var n = 3; n < 5; n++) spooled.Add(await Append(before, NodeB, n));
        before.Confirm([spooled[0]]);
        var unconfirmed = spooled.Skip(1).ToList();

        var after = NewSpool();

        var recovered = after.Oldest(perNode: 10).SelectMany(batch => batch)
            .OrderBy(s => s.NodeId).ThenBy(s => s.Second.Sequence).ToList();
        Assert.Equal(unconfirmed.Count, after.PendingCount);
        Assert.Equal(unconfirmed.Select(s => (s.NodeId, s.Second.Sequence, s.Second.Second, s.File)),
            recovered.Select(s => (s.NodeId, s.Second.Sequence, s.Second.Second, s.File)));
        // Gpus is a list, so NodeSecond's record equality would compare references: compare the samples.
        Assert.All(unconfirmed.Zip(recovered), pair => Assert.Equal(pair.First.Second.Gpus, pair.Second.Second.Gpus));
        Assert.Equal(Gpus(1), recovered[0].Second.Gpus);
    }

    [Fact]
    public async Task A_restarted_spool_continues_each_node_after_its_highest_sequence()
    {
        var before = NewSpool();
        for (var n = 0; n < 3; n++) await Append(before, NodeA, n);
        await Append(before, NodeB, 3);

        var after = NewSpool();

        Assert.Equal(3, (await Append(after, NodeA, 4)).Second.Sequence);
        Assert.Equal(1, (await Append(after, NodeB, 5)).Second.Sequence);
    }

    [Fact]
    public async Task A_restarted_spool_never_reuses_a_sequence_even_when_everything_was_confirmed()
    {
        var before = NewSpool();
        var spooled = new List<SpooledSecond>();
        for (var n = 0; n < 3; n++) spooled.Add(await Append(before, NodeA, n));
        before.Confirm(spooled);

        var after = NewSpool();

        Assert.Equal(0, after.PendingCount);
        Assert.Empty(after.Oldest(perNode: 10));
        // NodeSecond promises a sequence is never reused: the gaps of a node are counted by it.
        Assert.Equal(3, (await Append(after, NodeA, 3)).Second.Sequence);
    }

    [Fact]
    public async Task A_sample_half_written_when_the_agent_crashed_is_discarded_on_restart()
    {
        var before = NewSpool();
        await Append(before, NodeA, 0);
        await Append(before, NodeA, 1);
        // The crash as AppendAsync leaves it: sequence 2 reserved, its sample not yet renamed into place.
        var directory = Path.Combine(_path, NodeA);
        await File.WriteAllTextAsync(Path.Combine(directory, "next-sequence"), "3");
        await File.WriteAllTextAsync(Path.Combine(directory, $"{2:D19}.json.tmp"), """{"sequence":2,"second":"2024-05""");

        var after = NewSpool();

        Assert.Equal([(NodeA, 0L), (NodeA, 1L)], Sequences(after.Oldest(perNode: 10)));
        Assert.Empty(Directory.EnumerateFiles(directory, "*.tmp"));
        // Sequence 2 was reserved before the crash; it stays a hole rather than being handed out twice.
        Assert.Equal(3, (await Append(after, NodeA, 3)).Second.Sequence);
    }

    [Fact]
    public async Task A_sample_left_unreadable_by_a_power_cut_is_set_aside_and_the_rest_recovered()
    {
        var spool = NewSpool();
        await Append(spool, NodeA, 0);
        var damaged = await Append(spool, NodeA, 1);
        await File.WriteAllTextAsync(damaged.File, "");

        var restarted = NewSpool();

        Assert.Equal([(NodeA, 0L)], Sequences(restarted.Oldest(10)));
        Assert.True(File.Exists(damaged.File + ".corrupt"));
        Assert.Equal(2, (await Append(restarted, NodeA, 2)).Second.Sequence);
    }
}
