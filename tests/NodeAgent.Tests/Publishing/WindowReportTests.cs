using System.Text.Json;
using Metering.Contracts;

namespace NodeAgent.Tests.Publishing;

/// <summary>
/// The one builder of the compact report, <see cref="GpuUsageWindowReported.Of"/> (the agent's hot
/// path), gives exactly the message the previous builder gave for the same seconds, on its fast
/// path (the same GPUs every second) and off it.
/// </summary>
public class WindowReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static GpuSample Sample(string uuid, int s, GpuAllocation? allocation, string? migProfile = null) => new()
    {
        GpuUuid = uuid,
        Model = "NVIDIA H100 80GB HBM3",
        MigProfile = migProfile,
        Allocation = allocation,
        // Under MIG the driver gives no utilization: the contract leaves the whole array out.
        UtilizationPercent = migProfile is null ? 10m * s + 0.5m : null,
        MemoryUsedMiB = s == 3 ? null : 2048 + s,
        PowerWatts = 154.880m + s,
        EnergyMillijoules = 9_000_000_000 + s * 155_000,
    };

    private static List<NodeSecond> Seconds(int count, Func<int, IReadOnlyList<GpuSample>> gpus, Func<int, (int Offset, long Sequence)>? at = null) =>
        [.. Enumerable.Range(0, count).Select(s =>
        {
            var (offset, sequence) = at?.Invoke(s) ?? (s, 100 + s);
            return new NodeSecond { Sequence = sequence, Second = Start.AddSeconds(offset), Gpus = gpus(s) };
        })];

    /// <summary>As metering reads it (MassTransit's web JSON) and as a test reads it (the default options).</summary>
    private static void AssertSameAsPrevious(List<NodeSecond> seconds)
    {
        var previous = PreviousWindowReport.Of("gpu-node-17", seconds);
        var report = GpuUsageWindowReported.Of("gpu-node-17", seconds);
        Assert.Equal(JsonSerializer.Serialize(previous, JsonSerializerOptions.Web), JsonSerializer.Serialize(report, JsonSerializerOptions.Web));
        Assert.Equal(JsonSerializer.Serialize(previous), JsonSerializer.Serialize(report));
    }

    [Fact]
    public void The_same_gpus_every_second_with_allocations_changing_and_readings_missing_give_the_previous_report()
    {
        var tenant = new GpuAllocation("tenant-a", "job-1") { AllocationClass = AllocationClasses.Spot };
        AssertSameAsPrevious(Seconds(10, s =>
        [
            Sample("GPU-1", s, s < 4 ? tenant : null),
            Sample("GPU-2", s, s is >= 2 and < 7 ? new GpuAllocation("tenant-b", "job-2") : null),
            Sample("MIG-3", s, tenant, migProfile: "1g.10gb"),
        ]));
    }

    [Fact]
    public void A_single_second_and_seconds_with_gaps_in_time_or_sequence_give_the_previous_report()
    {
        AssertSameAsPrevious(Seconds(1, s => [Sample("GPU-1", s, null)]));
        AssertSameAsPrevious(Seconds(6, s => [Sample("GPU-1", s, null), Sample("GPU-2", s, null)],
            s => (s < 3 ? s : s + 5, s < 5 ? 100 + s : 200 + s)));
    }

    [Fact]
    public void Gpus_that_come_go_change_profile_or_repeat_within_a_second_give_the_previous_report()
    {
        AssertSameAsPrevious(Seconds(5, s => s == 2 ? [Sample("GPU-1", s, null)] : [Sample("GPU-1", s, null), Sample("GPU-2", s, null)]));
        AssertSameAsPrevious(Seconds(5, s => s % 2 == 0
            ? [Sample("GPU-1", s, null), Sample("GPU-2", s, null)]
            : [Sample("GPU-2", s, null), Sample("GPU-1", s, null)]));
        AssertSameAsPrevious(Seconds(4, s => [Sample("MIG-1", s, null, migProfile: s < 2 ? "1g.10gb" : "2g.20gb")]));
        AssertSameAsPrevious(Seconds(3, s => [Sample("GPU-1", s, null), Sample("GPU-1", s + 50, null)]));
        AssertSameAsPrevious(Seconds(3, _ => Array.Empty<GpuSample>()));
        AssertSameAsPrevious([]);
    }

    /// <summary>
    /// Windows drawn at random from a fixed seed, most of them a node's usual window (the fast path),
    /// the rest with a GPU missing in a second; seconds missed now and then, every reading and
    /// allocation varying on its own.
    /// </summary>
    [Fact]
    public void Windows_drawn_at_random_give_the_previous_report()
    {
        var random = new Random(17);
        GpuAllocation?[] allocations = [null, new("tenant-a", "job-1"), new("tenant-b", "job-2") { AllocationClass = AllocationClasses.Spot }];
        for (var window = 0; window < 500; window++)
        {
            var gpuCount = random.Next(0, 9);
            var uneven = random.Next(4) == 0;
            var missed = 0;
            var seconds = Seconds(random.Next(1, 61), s =>
                [.. Enumerable.Range(0, gpuCount)
                    .Where(_ => !uneven || random.Next(5) > 0)
                    .Select(g => new GpuSample
                    {
                        GpuUuid = $"GPU-{g}",
                        Model = "NVIDIA H100 80GB HBM3",
                        MigProfile = g == 7 ? "3g.40gb" : null,
                        Allocation = allocations[random.Next(allocations.Length)],
                        UtilizationPercent = g == 7 || random.Next(10) == 0 ? null : random.Next(0, 10_001) / 100m,
                        MemoryUsedMiB = random.Next(10) == 0 ? null : random.Next(0, 81_560),
                        PowerWatts = random.Next(10) == 0 ? null : random.Next(0, 700_000) / 1000m,
                        EnergyMillijoules = g % 3 == 0 ? null : 9_000_000_000L + s * 155_000L,
                    })],
                s => (s + (missed += random.Next(20) == 0 ? 1 : 0), 100 + s));
            AssertSameAsPrevious(seconds);
        }
    }
}
