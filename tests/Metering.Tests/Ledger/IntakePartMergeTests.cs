using System.Text.Json;
using GpuBilling.HashChains;
using Metering.Contracts;
using Metering.Ledger;
using static Metering.Tests.Ledger.Samples;

namespace Metering.Tests.Ledger;

/// <summary>
/// The intake keeps decided parts and the sealer merges them: the merged event must be the one the
/// per-second decision makes from the same seconds at once, byte for byte as stored, however the
/// seconds were split into batches and windows.
/// </summary>
public class IntakePartMergeTests
{
    private static readonly DateTimeOffset Now = Hour.AddHours(2);
    private static readonly TimeSpan[] Windows = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Parts_of_random_batches_and_windows_merge_into_what_deciding_every_second_at_once_makes(int seed)
    {
        var random = new Random(seed);
        var reported = ReportedSeconds(random);
        var window = Windows[random.Next(Windows.Length)];

        // Batch by batch as the intake decides them: each against what earlier batches claimed.
        var claimed = SecondSet.Empty;
        var parts = new List<IntakePart>();
        for (var start = 0; start < reported.Count;)
        {
            var batch = reported.Skip(start).Take(random.Next(1, 40)).ToList();
            start += batch.Count;
            var added = IntakePartDecision.Decide(new RecordNodeSeconds("node-1", Hour, batch, Now, "intake"), claimed, window);
            Assert.All(added, p => Assert.Equal(Hour.AddSeconds(p.Seconds.First()).UtcTicks / window.Ticks, p.LastSecond.UtcTicks / window.Ticks));
            claimed = added.Aggregate(claimed, (set, part) => set.Union(part.Seconds));
            parts.AddRange(added);
        }
        // As stored and read back, in whatever order the sealer's delete returns them.
        var stored = parts
            .Select(p => p with { Gpus = IntakePartCodec.Decode(IntakePartCodec.Encode(p.Gpus)), Seconds = SecondSet.Parse(p.Seconds.ToString()) })
            .OrderBy(_ => random.Next())
            .ToList();

        var atOnce = RecordNodeSecondsDecision.DecideSealed(new RecordNodeSeconds("node-1", Hour, reported, Now, "sealer"), null)!;
        var merged = IntakePartMerge.DecideSealed(stored, null, Now, "sealer")!;

        Assert.Equal(Stored(atOnce), Stored(merged));
        Assert.Equal(atOnce.Hash, merged.Hash);
    }

    [Fact]
    public void Energy_counters_come_from_the_earliest_and_latest_reading_across_parts_that_lack_some()
    {
        NodeSecond At(int second, long? energy) => Second(second, second, Gpu("GPU-a") with { EnergyMillijoules = energy });
        var parts = new[]
        {
            IntakePartDecision.Decide(new RecordNodeSeconds("node-1", Hour, [At(10, null), At(11, 7_000)], Now, "intake"), SecondSet.Empty, TimeSpan.FromSeconds(10)),
            IntakePartDecision.Decide(new RecordNodeSeconds("node-1", Hour, [At(0, null), At(1, null)], Now, "intake"), SecondSet.Empty, TimeSpan.FromSeconds(10)),
            IntakePartDecision.Decide(new RecordNodeSeconds("node-1", Hour, [At(2, 6_000), At(20, 9_000), At(21, null)], Now, "intake"), SecondSet.Empty, TimeSpan.FromSeconds(10)),
        }.SelectMany(p => p).ToList();

        var sums = Assert.Single(IntakePartMerge.Merge(parts, Now, "sealer").Gpus).Sums;

        Assert.Equal((6_000L, 9_000L), (sums.FirstEnergyMillijoules, sums.LastEnergyMillijoules));
    }

    [Fact]
    public void Parts_that_share_a_second_are_refused_rather_than_counted_twice()
    {
        var part = Assert.Single(IntakePartDecision.Decide(
            new RecordNodeSeconds("node-1", Hour, [Second(3, 3, Gpu("GPU-a")), Second(4, 4, Gpu("GPU-a"))], Now, "intake"), SecondSet.Empty, TimeSpan.FromHours(1)));
        var overlapping = Assert.Single(IntakePartDecision.Decide(
            new RecordNodeSeconds("node-1", Hour, [Second(4, 4, Gpu("GPU-a")), Second(5, 5, Gpu("GPU-a"))], Now, "intake"), SecondSet.Empty, TimeSpan.FromHours(1)));

        var refused = Assert.Throws<InvalidOperationException>(() => IntakePartMerge.DecideSealed([part, overlapping], null, Now, "sealer"));
        Assert.Contains("share seconds (4)", refused.Message);
    }

    [Fact]
    public void A_part_holding_a_sealed_second_is_refused_rather_than_counted_twice()
    {
        var sealedBefore = RecordNodeSecondsDecision.DecideSealed(new RecordNodeSeconds("node-1", Hour, [Second(4, 4, Gpu("GPU-a"))], Now, "sealer"), null)!;
        var part = Assert.Single(IntakePartDecision.Decide(
            new RecordNodeSeconds("node-1", Hour, [Second(4, 4, Gpu("GPU-a")), Second(5, 5, Gpu("GPU-a"))], Now, "intake"), SecondSet.Empty, TimeSpan.FromHours(1)));

        var refused = Assert.Throws<InvalidOperationException>(() =>
            IntakePartMerge.DecideSealed([part], NodeHourLedger.Evolve(null, sealedBefore), Now, "sealer"));
        Assert.Contains("already sealed (4)", refused.Message);
    }

    [Fact]
    public void Seconds_already_sealed_or_claimed_make_no_part()
    {
        var parts = IntakePartDecision.Decide(
            new RecordNodeSeconds("node-1", Hour, [.. Enumerable.Range(0, 6).Select(s => Second(s, s, Gpu("GPU-a")))], Now, "intake"),
            SecondSet.Of([0, 1, 4]), TimeSpan.FromHours(1));

        Assert.Equal(["2-3,5"], parts.Select(p => p.Seconds.ToString()));
        Assert.Equal(["2-3,5"], parts.Select(p => p.Sequences));
    }

    /// <summary>What the event store keeps: every field, decimals with their scale.</summary>
    private static string Stored(NodeUsageRecorded recorded) => JsonSerializer.Serialize(recorded);

    /// <summary>
    /// A node's seconds of one hour in arrival order: out of order, some reported twice with other
    /// content (the first wins), sequences that repeat, GPUs changing hands, model or MIG profile
    /// changing under one UUID, readings missing at random, decimals of several scales.
    /// </summary>
    private static List<NodeSecond> ReportedSeconds(Random random)
    {
        var seconds = new List<NodeSecond>();
        var count = random.Next(1, 400);
        for (var i = 0; i < count; i++)
        {
            var second = random.Next(random.Next(2) == 0 ? 60 : SecondSet.SecondsPerHour);
            var gpus = Enumerable.Range(0, random.Next(1, 5))
                .Select(g => new GpuSample
                {
                    GpuUuid = $"GPU-{g}",
                    Model = random.Next(10) == 0 ? "NVIDIA A100" : "NVIDIA H100 80GB HBM3",
                    MigProfile = random.Next(8) == 0 ? "1g.10gb" : null,
                    Allocation = random.Next(4) switch
                    {
                        0 => null,
                        1 => new GpuAllocation("tenant-b", "job-2") { AllocationClass = AllocationClasses.Spot },
                        _ => new GpuAllocation("tenant-a", $"job-{random.Next(2)}"),
                    },
                    UtilizationPercent = random.Next(5) == 0 ? null : Math.Round((decimal)random.NextDouble() * 100, random.Next(3)),
                    MemoryUsedMiB = random.Next(5) == 0 ? null : random.Next(80_000),
                    PowerWatts = random.Next(5) == 0 ? null : Math.Round((decimal)random.NextDouble() * 700, random.Next(4)),
                    EnergyMillijoules = random.Next(3) == 0 ? null : 1_000_000L + second * 300_000L + g,
                })
                .ToList();
            seconds.Add(Second(second, random.Next(count), [.. gpus]));
        }
        return seconds;
    }
}
