using System.Text.Json;
using Metering.Contracts;
using Metering.Ingestion;
using Microsoft.Extensions.Options;

namespace Metering.Tests.Ingestion;

/// <summary>The compact report says exactly what the legacy one says, and metering refuses a malformed one with its reasons.</summary>
public class WindowReportTests
{
    private static readonly DateTimeOffset Start = Reports.LastHour.AddMinutes(10);
    private static readonly GpuAllocation Training = new("tenant-a", "train-1");
    private static readonly GpuAllocation Spot = new("tenant-b", "batch-7") { AllocationClass = AllocationClasses.Spot };

    /// <summary>
    /// Ten sampled seconds with everything a window can hold: a second missed (a hole in time),
    /// a sequence skipped, an allocation that changes twice, a GPU that leaves and comes back,
    /// a MIG slice without utilization, a reading missing in one second.
    /// </summary>
    private static List<NodeSecond> Legacy()
    {
        (int Offset, long Sequence)[] sampled = [(0, 40), (1, 41), (2, 42), (4, 43), (5, 44), (6, 46), (7, 47), (8, 48), (9, 49), (10, 50)];
        return [.. sampled.Select((s, i) => new NodeSecond
        {
            Sequence = s.Sequence,
            Second = Start.AddSeconds(s.Offset),
            Gpus =
            [
                new GpuSample
                {
                    GpuUuid = "GPU-0", Model = Reports.H100,
                    Allocation = i < 3 ? Training : i < 6 ? null : Spot,
                    UtilizationPercent = 50m + i, MemoryUsedMiB = i == 4 ? null : 1000 + i, PowerWatts = 300.25m + i,
                    EnergyMillijoules = 9_000_000_000 + 300_000 * i,
                },
                .. i is >= 2 and <= 4 ? Array.Empty<GpuSample>() :
                [
                    new GpuSample
                    {
                        GpuUuid = "MIG-1", Model = Reports.H100, MigProfile = "1g.10gb", Allocation = Training,
                        MemoryUsedMiB = 2048, PowerWatts = 80m,
                    },
                ],
            ],
        })];
    }

    [Fact]
    public void A_compact_report_carries_exactly_the_seconds_and_readings_of_the_legacy_one()
    {
        var legacy = Legacy();

        var compact = GpuUsageWindowReported.Of("node-1", legacy);
        // As it crosses the broker: MassTransit's JSON is web JSON.
        var received = JsonSerializer.Deserialize<GpuUsageWindowReported>(JsonSerializer.Serialize(compact, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!;

        Assert.Equal(
            [new SecondRange(Start, 40, 3), new SecondRange(Start.AddSeconds(4), 43, 2), new SecondRange(Start.AddSeconds(6), 46, 5)],
            received.Seconds);
        Assert.Equal(["0-9", "0-1,5-9"], received.Gpus.Select(g => g.Present));
        Assert.Equal([new AllocationRun(Training, 3), new AllocationRun(null, 3), new AllocationRun(Spot, 4)], received.Gpus[0].Allocations);
        Assert.Null(received.Gpus[1].UtilizationPercent);
        Assert.Equal(JsonSerializer.Serialize(legacy), JsonSerializer.Serialize(received.NodeSeconds()));
        Assert.Empty(Validator().Validate(received).Errors);
    }

    [Fact]
    public void A_node_second_costs_a_fraction_of_its_legacy_bytes()
    {
        var seconds = Enumerable.Range(0, 10).Select(s => new NodeSecond
        {
            Sequence = s,
            Second = Start.AddSeconds(s),
            Gpus = [.. Enumerable.Range(0, 8).Select(g => Reports.Gpu($"GPU-{g}", "tenant-a", power: 300m + s))],
        }).ToList();

        var legacy = JsonSerializer.SerializeToUtf8Bytes(new GpuUsageReported { NodeId = "node-1", Seconds = seconds }, JsonSerializerOptions.Web).Length;
        var compact = JsonSerializer.SerializeToUtf8Bytes(GpuUsageWindowReported.Of("node-1", seconds), JsonSerializerOptions.Web).Length;

        Assert.True(compact * 5 < legacy, $"compact {compact} bytes against legacy {legacy}");
    }

    [Fact]
    public void Ranges_out_of_order_or_overlapping_are_refused_with_the_range_named()
    {
        var report = GpuUsageWindowReported.Of("node-1", Legacy()) with
        {
            Seconds = [new SecondRange(Start, 40, 5), new SecondRange(Start.AddSeconds(3), 45, 5)],
        };

        Assert.Equal(
            [("Seconds[1]", $"The range starting at {Start.AddSeconds(3):O} (sequence 45) overlaps or precedes the range before it, which ends at {Start.AddSeconds(4):O} (sequence 44).")],
            Reasons(report));
    }

    [Fact]
    public void Bad_ranges_are_refused_with_their_reasons()
    {
        var report = GpuUsageWindowReported.Of("node-1", Legacy()) with
        {
            Seconds = [new SecondRange(Start.AddMilliseconds(500), -1, 0), new SecondRange(Start.AddSeconds(1), 0, 9)],
        };

        Assert.Equal(
            [
                ("Gpus[0].Present", "'0-9' names the second at position 9, but the report holds 9 seconds."),
                ("Gpus[1].Present", "'0-1,5-9' names the second at position 9, but the report holds 9 seconds."),
                ("Seconds[0].Count", "'Count' must be greater than '0'."),
                ("Seconds[0].First", "'First' must be a whole second."),
                ("Seconds[0].FirstSequence", "'First Sequence' must be greater than or equal to '0'."),
            ],
            Reasons(report).Where(r => r.Field != "Gpus").Order());
    }

    [Fact]
    public void Gpus_naming_seconds_the_report_does_not_hold_or_holding_a_second_twice_are_refused()
    {
        var compact = GpuUsageWindowReported.Of("node-1", Legacy());
        var report = compact with
        {
            Gpus =
            [
                compact.Gpus[0] with { Present = "0-10" },
                compact.Gpus[1] with { Present = "0-1,5-9,x" },
                compact.Gpus[1] with { GpuUuid = "GPU-0", Present = "5", Allocations = [new AllocationRun(null, 2)], MemoryUsedMiB = [1, 2, 3] },
            ],
        };

        Assert.Equal(
            [
                ("Gpus[0].Present", "'0-10' names the second at position 10, but the report holds 10 seconds."),
                ("Gpus[1].Present", "'0-1,5-9,x' is not run-length text such as '0-9,12'."),
                ("Gpus[2].Allocations", "The allocations cover 2 seconds; the GPU is present in 1."),
                ("Gpus[2].MemoryUsedMiB", "3 readings for the 1 seconds the GPU is present."),
                ("Gpus[2].PowerWatts", "7 readings for the 1 seconds the GPU is present."),
            ],
            Reasons(report).Where(r => r.Field.StartsWith("Gpus[")).Order());
        Assert.Contains(("Gpus", "The second at position 0 holds no GPU."), Reasons(report));
    }

    [Fact]
    public void The_same_gpu_twice_in_one_second_is_refused()
    {
        var compact = GpuUsageWindowReported.Of("node-1", Legacy());
        var report = compact with { Gpus = [compact.Gpus[0], compact.Gpus[1] with { GpuUuid = "GPU-0" }] };

        Assert.Equal([("Gpus[1].Present", "GPU 'GPU-0' appears twice in the second at position 0.")], Reasons(report));
    }

    [Fact]
    public void Readings_out_of_range_are_refused_each_named_by_its_gpu_and_position()
    {
        var compact = GpuUsageWindowReported.Of("node-1", Legacy());
        var gpu = compact.Gpus[0];
        var report = compact with
        {
            Gpus =
            [
                gpu with
                {
                    UtilizationPercent = [.. gpu.UtilizationPercent!.Select((u, i) => i == 3 ? 100.5m : i == 7 ? -0.25m : u)],
                    MemoryUsedMiB = [.. gpu.MemoryUsedMiB!.Select((m, i) => i == 0 ? 16L * 1024 * 1024 + 1 : m)],
                    PowerWatts = [.. gpu.PowerWatts!.Select((p, i) => i == 9 ? 10_000.01m : p)],
                    EnergyMillijoules = [.. gpu.EnergyMillijoules!.Select((e, i) => i == 1 ? -1L : e)],
                },
                compact.Gpus[1],
            ],
        };

        Assert.Equal(
            [
                ("Gpus[0].EnergyMillijoules[1]", "'Energy Millijoules' must be greater than or equal to '0'."),
                ("Gpus[0].MemoryUsedMiB[0]", "'Memory Used Mi B' must be between 0 and 16777216. You entered 16777217."),
                ("Gpus[0].PowerWatts[9]", "'Power Watts' must be between 0 and 10000. You entered 10000.01."),
                ("Gpus[0].UtilizationPercent[3]", "'Utilization Percent' must be between 0 and 100. You entered 100.5."),
                ("Gpus[0].UtilizationPercent[7]", "'Utilization Percent' must be between 0 and 100. You entered -0.25."),
            ],
            Reasons(report).Order());
    }

    private static GpuUsageWindowReportedValidator Validator() => new(TimeProvider.System, Options.Create(new IngestionOptions()));

    private static List<(string Field, string Problem)> Reasons(GpuUsageWindowReported report) =>
        [.. Validator().Validate(report).Errors.Select(e => (e.PropertyName, e.ErrorMessage))];
}
