using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Messaging;
using GpuBilling.Testing;
using Metering.Contracts;
using RejectedReports;
using static Metering.Tests.Ingestion.Reports;

namespace Metering.Tests.Ingestion;

public sealed class RejectedReportsService() : MeteringService("metering_rejected_reports_tests");

/// <summary>The operator's way back for a rejected report: export it, fix it, send it again.</summary>
public class RejectedReportsTests(RejectedReportsService metering) : IClassFixture<RejectedReportsService>
{
    [Fact]
    public async Task A_rejected_report_exported_fixed_and_resent_is_recorded()
    {
        var broken = Report("fixme-node", Enumerable.Range(0, 4), _ => [Gpu("GPU-f1", "fixme-tenant", power: -5m)]);
        await metering.SendAsync(broken);
        var file = await ExportTheRejectedReportAsync();

        Assert.Contains("Seconds[0].Gpus[0].PowerWatts: 'Power Watts' must be between 0 and 10000. You entered -5.",
            await File.ReadAllTextAsync(Path.ChangeExtension(file, ".reasons.txt")));
        var fixedReport = JsonSerializer.Deserialize<GpuUsageReported>(await File.ReadAllTextAsync(file), RejectedQueue.Json)! with
        {
            Seconds = [.. broken.Seconds.Select(s => s with { Gpus = [.. s.Gpus.Select(g => g with { PowerWatts = 5m })] })],
        };
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(fixedReport, RejectedQueue.Json));

        await Resender.ResendAsync(Rabbit, [file]);

        await AssertRecordedAsync("fixme-tenant", LastHour, 4);
    }

    /// <summary>The agent's default report: exported as the compact report it was, and resent as one.</summary>
    [Fact]
    public async Task A_rejected_compact_report_exported_fixed_and_resent_is_recorded()
    {
        var hour = LastHour;
        var broken = GpuUsageWindowReported.Of("fixme-compact-node",
            Report("fixme-compact-node", Enumerable.Range(0, 4), _ => [Gpu("GPU-c1", "fixme-compact-tenant", power: -5m)], hour).Seconds);
        await metering.SendAsync(broken);
        var file = await ExportTheRejectedReportAsync();

        var reasons = await File.ReadAllTextAsync(Path.ChangeExtension(file, ".reasons.txt"));
        Assert.Contains($"compact report, node fixme-compact-node, 4 second(s) in 1 range(s) from {hour:O}", reasons);
        Assert.Contains("Gpus[0].PowerWatts[0]: 'Power Watts' must be between 0 and 10000. You entered -5.", reasons);
        Assert.Equal(JsonSerializer.Serialize(broken, RejectedQueue.Json), await File.ReadAllTextAsync(file));
        var exported = JsonSerializer.Deserialize<GpuUsageWindowReported>(await File.ReadAllTextAsync(file), RejectedQueue.Json)!;
        var fixedReport = exported with { Gpus = [.. exported.Gpus.Select(g => g with { PowerWatts = [.. g.PowerWatts!.Select(_ => (decimal?)5m)] })] };
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(fixedReport, RejectedQueue.Json));

        await Resender.ResendAsync(Rabbit, [file]);

        await AssertRecordedAsync("fixme-compact-tenant", hour, 4);
    }

    private RabbitMqSettings Rabbit => new() { Host = TestServers.RabbitHost, Port = (ushort)TestServers.RabbitPort, VirtualHost = metering.Name };

    /// <summary>Waits for the one rejected report, exports it and returns its file; the queue is then empty.</summary>
    private async Task<string> ExportTheRejectedReportAsync()
    {
        var queue = new RejectedQueue(Rabbit);
        await Eventually.AssertAsync(async () => Assert.Single(await queue.PeekAllAsync()));
        var file = Assert.Single(await queue.ExportAsync(Directory.CreateTempSubdirectory("rejected-").FullName));
        Assert.Empty(await queue.PeekAllAsync());
        return file;
    }

    private async Task AssertRecordedAsync(string tenant, DateTimeOffset hour, long gpuSeconds)
    {
        var client = await metering.ClientForAsync(tenant);
        var window = $"from={Uri.EscapeDataString(hour.ToString("O"))}&to={Uri.EscapeDataString(hour.AddHours(1).ToString("O"))}";
        await Eventually.AssertAsync(async () =>
            Assert.Equal(gpuSeconds, (await client.GetFromJsonAsync<JsonElement>($"/v1/usage?{window}")).GetProperty("totalGpuSeconds").GetInt64()));
    }
}
