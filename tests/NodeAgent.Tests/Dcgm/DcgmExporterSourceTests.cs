using GpuBilling.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Sampling;
using NodeAgent.Sampling.Dcgm;
using NodeAgent.Sampling.Polling;

namespace NodeAgent.Tests.Dcgm;

/// <summary>The source against a real HTTP endpoint that answers with a recorded dcgm-exporter answer.</summary>
public sealed class DcgmExporterSourceTests
{
    [Fact]
    public async Task Consecutive_seconds_carry_the_gpus_and_mig_instances_of_the_exporters_answer()
    {
        var answer = DcgmExporterMetricsTests.A800Answer();
        await using var exporter = await LoopbackServer.StartAsync(app => app.MapGet("/metrics", () => Results.Text(answer, "text/plain; version=0.0.4")));
        var url = exporter.UrlOf("/metrics");

        using var source = new DcgmExporterSource(
            new DcgmExporterOptions { Url = url, NodeId = "node-7", Polling = new PollingOptions { PollInterval = TimeSpan.FromMilliseconds(200) } },
            TimeProvider.System, NullLogger<DcgmExporterSource>.Instance);
        var readings = new List<NodeReading>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var reading in source.ReadAsync(timeout.Token))
        {
            readings.Add(reading);
            if (readings.Count == 2) break;
        }

        Assert.Equal(readings[0].Second.AddSeconds(1), readings[1].Second);
        Assert.All(readings, r => Assert.Equal("node-7", r.NodeId));
        Assert.All(readings, r => Assert.Equal(DcgmExporterMetricsTests.A800Readings, r.Gpus));
    }
}
