using System.Text.Json;
using Metering.Contracts;
using NodeAgent.Publishing;
using NodeAgent.Spooling;

namespace NodeAgent.Tests.Publishing;

/// <summary>The agent's own builder of the compact report gives exactly what the contract's <see cref="GpuUsageWindowReported.Of"/> gives.</summary>
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

    private static List<SpooledSecond> Seconds(int count, Func<int, IReadOnlyList<GpuSample>> gpus, Func<int, (int Offset, long Sequence)>? at = null) =>
        [.. Enumerable.Range(0, count).Select(s =>
        {
            var (offset, sequence) = at?.Invoke(s) ?? (s, 100 + s);
            return new SpooledSecond("gpu-node-17", new NodeSecond { Sequence = sequence, Second = Start.AddSeconds(offset), Gpus = gpus(s) }, 1);
        })];

    private static void AssertSameAsContract(List<SpooledSecond> seconds)
    {
        var expected = GpuUsageWindowReported.Of("gpu-node-17", [.. seconds.Select(s => s.Second)]);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(WindowReport.Of(seconds)));
    }

    [Fact]
    public void The_same_gpus_every_second_with_allocations_changing_and_readings_missing_give_the_contracts_report()
    {
        var tenant = new GpuAllocation("tenant-a", "job-1") { AllocationClass = AllocationClasses.Spot };
        AssertSameAsContract(Seconds(10, s =>
        [
            Sample("GPU-1", s, s < 4 ? tenant : null),
            Sample("GPU-2", s, s is >= 2 and < 7 ? new GpuAllocation("tenant-b", "job-2") : null),
            Sample("MIG-3", s, tenant, migProfile: "1g.10gb"),
        ]));
    }

    [Fact]
    public void A_single_second_and_seconds_with_gaps_in_time_or_sequence_give_the_contracts_report()
    {
        AssertSameAsContract(Seconds(1, s => [Sample("GPU-1", s, null)]));
        AssertSameAsContract(Seconds(6, s => [Sample("GPU-1", s, null), Sample("GPU-2", s, null)],
            s => (s < 3 ? s : s + 5, s < 5 ? 100 + s : 200 + s)));
    }

    [Fact]
    public void Gpus_that_come_go_change_profile_or_repeat_within_a_second_give_the_contracts_report()
    {
        AssertSameAsContract(Seconds(5, s => s == 2 ? [Sample("GPU-1", s, null)] : [Sample("GPU-1", s, null), Sample("GPU-2", s, null)]));
        AssertSameAsContract(Seconds(5, s => s % 2 == 0
            ? [Sample("GPU-1", s, null), Sample("GPU-2", s, null)]
            : [Sample("GPU-2", s, null), Sample("GPU-1", s, null)]));
        AssertSameAsContract(Seconds(4, s => [Sample("MIG-1", s, null, migProfile: s < 2 ? "1g.10gb" : "2g.20gb")]));
        AssertSameAsContract(Seconds(3, s => [Sample("GPU-1", s, null), Sample("GPU-1", s + 50, null)]));
        AssertSameAsContract(Seconds(3, _ => Array.Empty<GpuSample>()));
    }
}
