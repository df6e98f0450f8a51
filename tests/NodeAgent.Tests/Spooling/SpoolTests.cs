using System.Text.Json;
using Metering.Contracts;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodeAgent.Spooling;

namespace NodeAgent.Tests.Spooling;

/// <summary>
/// The spool on the real file system. A crash is a new <see cref="Spool"/> on the same folder
/// while the old one is left as it was; a clean stop disposes it first.
/// </summary>
public sealed class SpoolTests : IDisposable
{
    private const string NodeA = "node-a";
    private const string NodeB = "node-b";
    private const int GpusPerSecond = 2;

    private static readonly IMeterFactory Meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    private readonly string _path = Directory.CreateTempSubdirectory("spool-").FullName;
    private readonly FakeTimeProvider _clock = new(Second(0));

    public void Dispose() => Directory.Delete(_path, recursive: true);

    private static DateTimeOffset Second(int n) => new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddSeconds(n);

    // Every field set, including the ones a lossy round trip would drop: nulls, decimals and their scale, the allocation.
    private static IReadOnlyList<GpuSample> Gpus(int n) =>
    [
        new GpuSample
        {
            GpuUuid = "GPU-0a1b", Model = "NVIDIA H100 80GB HBM3", MigProfile = null,
            Allocation = new GpuAllocation("acme", $"train-{n}") { AllocationClass = AllocationClasses.Spot },
            UtilizationPercent = 100m, MemoryUsedMiB = 29089, PowerWatts = 154.880m + n, EnergyMillijoules = 1_000_000L + n,
        },
        new GpuSample
        {
            GpuUuid = "MIG-9f8e", Model = "NVIDIA A100-SXM4-40GB", MigProfile = "3g.20gb",
            Allocation = null,
            UtilizationPercent = null, MemoryUsedMiB = null, PowerWatts = null, EnergyMillijoules = null,
        },
    ];

    private Spool NewSpool(Action<SpoolOptions>? configure = null)
    {
        var options = new SpoolOptions { Path = _path };
        configure?.Invoke(options);
        return new Spool(options, _clock, Meters, NullLogger<Spool>.Instance);
    }

    private static SpooledSecond Append(Spool spool, string nodeId, int second) => spool.Append(nodeId, Second(second), Gpus(second));

    private static List<SpooledSecond> AppendAndCommit(Spool spool, string nodeId, IEnumerable<int> seconds)
    {
        var spooled = seconds.Select(n => Append(spool, nodeId, n)).ToList();
        spool.Commit();
        return spooled;
    }

    private static List<(string NodeId, long Sequence)> Sequences(IEnumerable<IReadOnlyList<SpooledSecond>> batches) =>
        batches.SelectMany(batch => batch).Select(s => (s.NodeId, s.Second.Sequence)).Order().ToList();

    private string[] Segments() => Directory.GetFiles(_path, "*.seg").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Sequences_count_from_zero_per_node_and_nodes_do_not_share_them()
    {
        using var spool = NewSpool();

        var sequences = new List<long>();
        foreach (var nodeId in new[] { NodeA, NodeA, NodeB, NodeA, NodeB })
            sequences.Add(Append(spool, nodeId, sequences.Count).Second.Sequence);
        spool.Commit();

        Assert.Equal([0, 1, 0, 2, 1], sequences);
        Assert.Equal(5, spool.PendingCount);
    }

    [Fact]
    public void Nothing_reaches_the_publisher_before_it_is_committed()
    {
        using var spool = NewSpool();
        Append(spool, NodeA, 0);
        Append(spool, NodeA, 1);

        Assert.Empty(spool.Oldest(perNode: 10));
        Assert.Equal(0, spool.PendingCount);

        Assert.Equal(2, spool.Commit());
        Assert.Equal([(NodeA, 0L), (NodeA, 1L)], Sequences(spool.Oldest(perNode: 10)));
    }

    [Fact]
    public void Oldest_gives_each_node_its_oldest_seconds_first_and_no_more_than_asked()
    {
        using var spool = NewSpool();
        AppendAndCommit(spool, NodeA, [0, 1, 2, 3]);
        AppendAndCommit(spool, NodeB, [10]);

        var batches = spool.Oldest(perNode: 3).OrderBy(batch => batch[0].NodeId).ToList();

        Assert.Equal(2, batches.Count);
        Assert.Equal([0L, 1L, 2L], batches[0].Select(s => s.Second.Sequence));
        Assert.Equal([Second(0), Second(1), Second(2)], batches[0].Select(s => s.Second.Second));
        Assert.All(batches[0], s => Assert.Equal(NodeA, s.NodeId));
        var onlyOfB = Assert.Single(batches[1]);
        Assert.Equal((NodeB, 0L, Second(10)), (onlyOfB.NodeId, onlyOfB.Second.Sequence, onlyOfB.Second.Second));
    }

    [Fact]
    public void Confirmed_seconds_are_no_longer_pending_and_a_segment_goes_whole_once_all_of_it_is_confirmed()
    {
        // Segments of 4 KiB: a node-second of two GPUs is about 150 bytes, so the log spans several.
        using var spool = NewSpool(o => o.SegmentBytes = 4096);
        var spooled = AppendAndCommit(spool, NodeA, Enumerable.Range(0, 100));
        var segments = Segments();
        Assert.True(segments.Length >= 3, $"{segments.Length} segments");
        var firstSegmentSeconds = spooled.Count(s => s.Segment == spooled[0].Segment);

        spool.Confirm(spooled.Take(firstSegmentSeconds - 1));
        Assert.Equal(segments, Segments());
        Assert.Equal(100 - (firstSegmentSeconds - 1), spool.PendingCount);

        spool.Confirm(spooled.Skip(firstSegmentSeconds - 1).Take(1));
        Assert.Equal(segments.Skip(1), Segments());
        Assert.Equal(firstSegmentSeconds, spool.Oldest(perNode: 1).Single().Single().Second.Sequence);

        spool.Confirm(spooled);
        Assert.Equal(0, spool.PendingCount);
        Assert.Empty(spool.Oldest(perNode: 10));
        Assert.Equal([segments[^1]], Segments());
    }

    [Fact]
    public void A_backlog_larger_than_memory_is_read_back_from_disk_oldest_first()
    {
        using var spool = NewSpool(o => (o.MaxSecondsInMemory, o.SecondsInMemoryPerNode) = (3, 0));
        var spooled = AppendAndCommit(spool, NodeA, Enumerable.Range(0, 10));

        var sent = new List<SpooledSecond>();
        while (spool.Oldest(perNode: 100) is [var batch])
        {
            Assert.True(batch.Count <= 3);
            sent.AddRange(batch);
            spool.Confirm(batch);
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(n => (long)n), sent.Select(s => s.Second.Sequence));
        Assert.All(spooled.Zip(sent), pair => Assert.Equal(pair.First.Second.Gpus, pair.Second.Second.Gpus));
        Assert.Equal(0, spool.PendingCount);
    }

    [Fact]
    public void An_agent_for_many_nodes_holds_each_nodes_seconds_per_node_in_memory_past_the_overall_cap()
    {
        using var spool = NewSpool(o => (o.MaxSecondsInMemory, o.SecondsInMemoryPerNode) = (3, 4));
        string[] nodes = [NodeA, NodeB, "node-c"];
        // Committed together, as a fleet's window is: 12 seconds, four times the overall cap.
        foreach (var nodeId in nodes)
            foreach (var n in Enumerable.Range(0, 4))
                Append(spool, nodeId, n);
        spool.Commit();
        // And a backlog past the per-node budget, which is read back from disk as it is confirmed.
        var later = nodes.SelectMany(nodeId => Enumerable.Range(4, 2).Select(n => Append(spool, nodeId, n))).ToList();
        spool.Commit();

        var first = spool.Oldest(perNode: 10);
        Assert.Equal(nodes.Order(), first.Select(batch => batch[0].NodeId).Order());
        Assert.All(first, batch => Assert.Equal([0L, 1, 2, 3], batch.Select(s => s.Second.Sequence)));

        spool.Confirm(first.SelectMany(batch => batch));
        var rest = spool.Oldest(perNode: 10);
        Assert.All(rest, batch => Assert.Equal([4L, 5], batch.Select(s => s.Second.Sequence)));
        Assert.Equal(later.Count, rest.Sum(batch => batch.Count));
    }

    [Fact]
    public void After_a_crash_every_unconfirmed_second_is_sent_again_exactly_as_sampled()
    {
        var before = NewSpool();
        var spooled = AppendAndCommit(before, NodeA, [0, 1, 2]);
        spooled.AddRange(AppendAndCommit(before, NodeB, [3, 4]));
        before.Confirm([spooled[0]]);
        before.SaveCheckpoint(fsync: false);
        var unconfirmed = spooled.Skip(1).ToList();

        var after = NewSpool();

        var recovered = after.Oldest(perNode: 10).SelectMany(batch => batch)
            .OrderBy(s => s.NodeId).ThenBy(s => s.Second.Sequence).ToList();
        Assert.Equal(unconfirmed.Count, after.PendingCount);
        Assert.Equal(unconfirmed.Select(s => (s.NodeId, s.Second.Sequence, s.Second.Second)),
            recovered.Select(s => (s.NodeId, s.Second.Sequence, s.Second.Second)));
        // Gpus is a list, so NodeSecond's record equality would compare references: compare the samples.
        Assert.All(unconfirmed.Zip(recovered), pair => Assert.Equal(pair.First.Second.Gpus, pair.Second.Second.Gpus));
        Assert.Equal("155.880", recovered[0].Second.Gpus[0].PowerWatts!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_spool_an_earlier_agent_left_is_read_back_exactly_by_this_one()
    {
        // Recorded/SOURCES.md: what the agent of 03152aa wrote and how.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Spooling", "Recorded", "spool-03152aa")))
            File.Copy(file, Path.Combine(_path, Path.GetFileName(file)));
        var expected = Enumerable.Range(1, 4).Select(n => (NodeA, Sequence: (long)n, Second: Second(n), Gpus: Gpus(n)))
            .Concat(Enumerable.Range(0, 3).Select(n => (NodeB, Sequence: (long)n, Second: Second(n), Gpus: Gpus(10 + n))))
            .ToList();

        using var spool = NewSpool();

        var recovered = spool.Oldest(perNode: 10).SelectMany(batch => batch)
            .OrderBy(s => s.NodeId).ThenBy(s => s.Second.Sequence).ToList();
        Assert.Equal(expected.Count, spool.PendingCount);
        Assert.Equal(expected.Select(e => (e.Item1, e.Sequence, e.Second)),
            recovered.Select(s => (s.NodeId, s.Second.Sequence, s.Second.Second)));
        Assert.All(expected.Zip(recovered), pair => Assert.Equal(pair.First.Gpus, pair.Second.Second.Gpus));
        // Record equality of decimals ignores their scale; the text does not.
        Assert.Equal("155.880", recovered[0].Second.Gpus[0].PowerWatts!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([5L, 3L], new[] { Append(spool, NodeA, 5), Append(spool, NodeB, 3) }.Select(s => s.Second.Sequence));
    }

    [Fact]
    public void After_a_crash_seconds_confirmed_after_the_last_checkpoint_are_sent_again()
    {
        var before = NewSpool();
        var spooled = AppendAndCommit(before, NodeA, [0, 1, 2]);
        before.Confirm(spooled.Take(2));

        var after = NewSpool();

        // Resending is safe (metering counts a second once); losing one is not.
        Assert.Equal([(NodeA, 0L), (NodeA, 1L), (NodeA, 2L)], Sequences(after.Oldest(perNode: 10)));
    }

    [Fact]
    public void A_restarted_spool_continues_each_node_after_its_highest_sequence()
    {
        var before = NewSpool();
        AppendAndCommit(before, NodeA, [0, 1, 2]);
        AppendAndCommit(before, NodeB, [3]);

        using var after = NewSpool();

        Assert.Equal(3, Append(after, NodeA, 4).Second.Sequence);
        Assert.Equal(1, Append(after, NodeB, 5).Second.Sequence);
    }

    [Fact]
    public void A_clean_stop_with_everything_confirmed_leaves_no_segment_and_never_reuses_a_sequence()
    {
        var before = NewSpool();
        before.Confirm(AppendAndCommit(before, NodeA, [0, 1, 2]));
        before.Dispose();
        Assert.Empty(Segments());

        using var after = NewSpool();

        Assert.Equal(0, after.PendingCount);
        Assert.Empty(after.Oldest(perNode: 10));
        // NodeSecond promises a sequence is never reused: the gaps of a node are counted by it.
        Assert.Equal(3, Append(after, NodeA, 3).Second.Sequence);
    }

    [Fact]
    public void A_sequence_survives_in_the_segments_when_the_seconds_that_carried_it_are_gone()
    {
        // No checkpoint: a crash before the first one was written.
        var before = NewSpool(o => o.SegmentBytes = 4096);
        var ofA = AppendAndCommit(before, NodeA, Enumerable.Range(0, 60));
        var ofB = AppendAndCommit(before, NodeB, Enumerable.Range(60, 60));
        var lastSegment = ofB[^1].Segment;
        Assert.True(ofA[^1].Segment < lastSegment);
        before.Confirm(ofA.Concat(ofB.Where(s => s.Segment < lastSegment)));
        Assert.DoesNotContain(ofA, s => File.Exists(Path.Combine(_path, Segment.FileName(s.Segment))));
        Assert.False(File.Exists(Path.Combine(_path, Checkpoint.FileName)));

        using var after = NewSpool(o => o.SegmentBytes = 4096);

        Assert.Equal(ofB.Where(s => s.Segment == lastSegment).Select(s => (NodeB, s.Second.Sequence)), Sequences(after.Oldest(perNode: 100)));
        Assert.Equal(60, Append(after, NodeA, 121).Second.Sequence);
    }

    [Theory]
    [InlineData("cut short")]
    [InlineData("damaged")]
    public void A_torn_last_record_is_cut_and_everything_before_it_survives(string how)
    {
        var before = NewSpool();
        AppendAndCommit(before, NodeA, [0, 1, 2]);
        var segment = Segments().Single();
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            if (how == "cut short") file.SetLength(length - 5);
            else
            {
                file.Position = length - 3;
                var b = file.ReadByte();
                file.Position = length - 3;
                file.WriteByte((byte)(b ^ 0xFF));
            }
        }

        using var after = NewSpool();

        Assert.Equal([(NodeA, 0L), (NodeA, 1L)], Sequences(after.Oldest(perNode: 10)));
        Assert.True(new FileInfo(segment).Length < length - 5, "the torn record is cut from the segment");
        // The torn second was never committed, so never sent: its sequence is free again.
        Assert.Equal(2, Append(after, NodeA, 3).Second.Sequence);
    }

    [Fact]
    public void At_its_size_cap_the_spool_drops_the_oldest_seconds_first_and_counts_them()
    {
        using var spool = NewSpool(o => (o.SegmentBytes, o.MaxBytes) = (4096, 3 * 4096));
        const int appended = 400;
        AppendAndCommit(spool, NodeA, Enumerable.Range(0, appended));

        var pending = spool.Oldest(perNode: appended).Single();
        var firstKept = pending[0].Second.Sequence;
        Assert.True(firstKept > 0, "something was dropped");
        Assert.Equal(firstKept, spool.DroppedSeconds);
        Assert.Equal(firstKept * GpusPerSecond, spool.DroppedGpuSeconds);
        Assert.Equal(Enumerable.Range((int)firstKept, appended - (int)firstKept).Select(n => (long)n), pending.Select(s => s.Second.Sequence));
        Assert.Equal(appended - firstKept, spool.PendingCount);
        Assert.True(Segments().Sum(s => new FileInfo(s).Length) <= 3 * 4096);
    }

    [Fact]
    public void At_its_age_cap_the_spool_drops_segments_whose_seconds_are_all_too_old()
    {
        using var spool = NewSpool(o => (o.SegmentBytes, o.MaxAge) = (4096, TimeSpan.FromHours(1)));
        var old = AppendAndCommit(spool, NodeA, Enumerable.Range(0, 100));
        var oldSegments = old.Select(s => s.Segment).Distinct().Count();
        _clock.Advance(TimeSpan.FromHours(2));

        // Appending rolls into fresh segments, and the old ones, every second in them over an hour old, go.
        var fresh = AppendAndCommit(spool, NodeA, Enumerable.Range(7200, 100));

        var dropped = old.Count(s => s.Segment < fresh[0].Segment);
        Assert.Equal(old.Count, dropped + old.Count(s => s.Segment == fresh[0].Segment));
        Assert.True(oldSegments > 1);
        Assert.Equal(dropped, spool.DroppedSeconds);
        Assert.Equal(old.Skip(dropped).Concat(fresh).Select(s => s.Second.Sequence), spool.Oldest(perNode: 1000).Single().Select(s => s.Second.Sequence));
    }

    [Fact]
    public void An_agent_upgraded_in_place_sends_what_the_file_per_second_spool_still_holds()
    {
        // The layout of the spool before the log: spool/<node>/<sequence:D19>.json and next-sequence.
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var node = Directory.CreateDirectory(Path.Combine(_path, NodeA)).FullName;
        var old = new[] { 4, 5 }.Select(n => new NodeSecond { Sequence = n, Second = Second(n), Gpus = Gpus(n) }).ToList();
        foreach (var second in old) File.WriteAllText(Path.Combine(node, $"{second.Sequence:D19}.json"), JsonSerializer.Serialize(second, json));
        File.WriteAllText(Path.Combine(node, "next-sequence"), "7");

        var upgraded = NewSpool();

        var pending = upgraded.Oldest(perNode: 10).Single();
        Assert.Equal(old.Select(s => (s.Sequence, s.Second)), pending.Select(s => (s.Second.Sequence, s.Second.Second)));
        Assert.All(old.Zip(pending), pair => Assert.Equal(pair.First.Gpus, pair.Second.Second.Gpus));
        Assert.False(Directory.Exists(node));
        Assert.Equal(7, Append(upgraded, NodeA, 7).Second.Sequence);

        // Moved once: a crash now finds them in the log, not twice.
        var restarted = NewSpool();
        Assert.Equal([(NodeA, 4L), (NodeA, 5L)], Sequences(restarted.Oldest(perNode: 10)));
    }
}
