using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using Metering.Contracts;
using NodeAgent.Publishing;

namespace NodeAgent.Tests.Publishing;

/// <summary>The agent writes MassTransit's envelope itself; MassTransit's own deserializer, the one metering runs, must read it whole.</summary>
public class ReportMessageTests
{
    [Fact]
    public void MassTransits_deserializer_reads_the_report_the_agent_writes()
    {
        var report = new GpuUsageReported
        {
            NodeId = "gpu-node-17",
            Seconds =
            [
                new NodeSecond
                {
                    Sequence = 41,
                    Second = new DateTimeOffset(2026, 3, 1, 12, 0, 5, TimeSpan.Zero),
                    Gpus =
                    [
                        new GpuSample
                        {
                            GpuUuid = "GPU-1", Model = "NVIDIA H100 80GB HBM3", MigProfile = "1g.10gb",
                            Allocation = new GpuAllocation("tenant-a", "job-1") { AllocationClass = AllocationClasses.Spot },
                            UtilizationPercent = 12.5m, MemoryUsedMiB = 2048, PowerWatts = 154.88m, EnergyMillijoules = 9_000_000_000,
                        },
                        new GpuSample { GpuUuid = "GPU-2", Model = "NVIDIA A100-SXM4-80GB" },
                    ],
                },
            ],
        };

        var (properties, body) = ReportMessage.Of(report, "gpu-node-17", DateTimeOffset.UtcNow);
        var context = SystemTextJsonMessageSerializer.Instance.Deserialize(new BytesMessageBody(body), EmptyHeaders.Instance);

        Assert.Equal("application/vnd.masstransit+json", properties.ContentType);
        Assert.Equal("gpu-node-17", properties.UserId);
        Assert.Equal(properties.MessageId, context.MessageId?.ToString());
        Assert.True(context.TryGetMessage<GpuUsageReported>(out var read));
        Assert.Equal(JsonSerializer.Serialize(report), JsonSerializer.Serialize(read));
    }

    [Fact]
    public void MassTransits_deserializer_reads_the_compact_report_the_agent_writes_as_the_same_seconds()
    {
        var seconds = Enumerable.Range(0, 10).Select(s => new NodeSecond
        {
            Sequence = 100 + s,
            Second = new DateTimeOffset(2026, 3, 1, 12, 0, s, TimeSpan.Zero),
            Gpus =
            [
                new GpuSample
                {
                    GpuUuid = "GPU-1", Model = "NVIDIA H100 80GB HBM3",
                    Allocation = s < 4 ? new GpuAllocation("tenant-a", "job-1") : null,
                    UtilizationPercent = 10m * s, MemoryUsedMiB = 2048, PowerWatts = 154.88m + s, EnergyMillijoules = 9_000_000_000 + s * 155_000,
                },
            ],
        }).ToList();

        var (properties, body) = ReportMessage.Of(GpuUsageWindowReported.Of("gpu-node-17", seconds), "gpu-node-17", DateTimeOffset.UtcNow);
        var context = SystemTextJsonMessageSerializer.Instance.Deserialize(new BytesMessageBody(body), EmptyHeaders.Instance);

        Assert.Equal("gpu-node-17", properties.UserId);
        Assert.False(context.TryGetMessage<GpuUsageReported>(out _));
        Assert.True(context.TryGetMessage<GpuUsageWindowReported>(out var read));
        Assert.Equal(JsonSerializer.Serialize(seconds), JsonSerializer.Serialize(read!.NodeSeconds()));
    }
}
