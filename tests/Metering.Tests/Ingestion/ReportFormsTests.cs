using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Testing;
using Metering.Contracts;
using Metering.Ledger;
using static Metering.Tests.Ingestion.Reports;

namespace Metering.Tests.Ingestion;

public sealed class ReportFormsService() : MeteringService("metering_report_forms_tests");

/// <summary>During a rolling upgrade metering takes the legacy report and the compact one side by side.</summary>
public class ReportFormsTests(ReportFormsService metering) : IClassFixture<ReportFormsService>
{
    private static GpuSample[] Gpus(int second) => GpusOf("forms-tenant", second);

    private static GpuSample[] GpusOf(string tenant, int second) =>
        [Gpu("GPU-f1", tenant, power: 300m + second), Gpu("GPU-f2", null, power: 100m + second)];

    [Fact]
    public async Task The_same_seconds_sent_in_both_forms_are_counted_once()
    {
        var legacy = Report("forms-node", Enumerable.Range(0, 20), Gpus);
        var compact = GpuUsageWindowReported.Of("forms-node", Report("forms-node", Enumerable.Range(10, 20), Gpus).Seconds);

        await metering.SendAsync(legacy);
        await metering.SendAsync(compact, compact);
        await metering.SendAsync(legacy);

        var client = await metering.ClientForAsync("forms-tenant");
        await Eventually.AssertAsync(async () => Assert.Equal(30, await TotalGpuSecondsAsync(client)));
        await Eventually.AssertAsync(async () =>
        {
            var events = await LedgerEventsAsync("forms-node");
            Assert.Equal(Enumerable.Range(0, 30), events.SelectMany(e => e.Seconds.Seconds()).Order());
            var gpus = events.SelectMany(e => e.Gpus).ToList();
            Assert.Equal((30, 30), (gpus.Where(g => g.TenantId is null).Sum(g => g.GpuSeconds), gpus.Where(g => g.TenantId is not null).Sum(g => g.GpuSeconds)));
            // The readings too: each second's power once, whichever form carried it.
            Assert.Equal(Enumerable.Range(0, 30).Sum(s => 300m + s), gpus.Where(g => g.GpuUuid == "GPU-f1").Sum(g => g.Sums.PowerJoules));
        });
        Assert.Equal(30, await TotalGpuSecondsAsync(client));
    }

    [Fact]
    public async Task A_bad_compact_report_goes_to_the_rejected_queue_with_its_reasons_and_the_good_one_beside_it_is_recorded()
    {
        var good = GpuUsageWindowReported.Of("forms-good-node", Report("forms-good-node", Enumerable.Range(0, 5), s => GpusOf("forms-other-tenant", s)).Seconds);
        var bad = GpuUsageWindowReported.Of("forms-bad-node", Report("forms-bad-node", Enumerable.Range(0, 5), s => GpusOf("forms-other-tenant", s)).Seconds) with
        {
            Seconds = [new SecondRange(LastHour, 0, 3), new SecondRange(LastHour.AddSeconds(1), 3, 2)],
        };
        var rejectedBefore = metering.RejectedCounted;

        await metering.SendAsync(good, bad);

        JsonElement rejected = default;
        await Eventually.AssertAsync(async () => rejected = JsonDocument.Parse(
            Assert.Single(await Queues.TakeAsync(metering.Name, "gpu-usage-rejected")).Payload).RootElement.GetProperty("message"));
        Assert.Equal("forms-bad-node", rejected.GetProperty("windowReport").GetProperty("nodeId").GetString());
        Assert.Equal(
            [("Seconds[1]", $"The range starting at {LastHour.AddSeconds(1):O} (sequence 3) overlaps or precedes the range before it, which ends at {LastHour.AddSeconds(2):O} (sequence 2).")],
            rejected.GetProperty("reasons").EnumerateArray().Select(r => (r.GetProperty("field").GetString(), r.GetProperty("problem").GetString())));
        await Eventually.AssertAsync(async () => Assert.Equal(Enumerable.Range(0, 5),
            (await LedgerEventsAsync("forms-good-node")).SelectMany(e => e.Seconds.Seconds()).Order()));
        Assert.Empty(await LedgerEventsAsync("forms-bad-node"));
        await Eventually.AssertAsync(() => Assert.Equal(rejectedBefore + 1, metering.RejectedCounted));
    }

    private static async Task<long> TotalGpuSecondsAsync(HttpClient client)
    {
        var from = Uri.EscapeDataString(LastHour.ToString("O"));
        var to = Uri.EscapeDataString(LastHour.AddHours(1).ToString("O"));
        var usage = await client.GetFromJsonAsync<JsonElement>($"/v1/usage?from={from}&to={to}");
        return usage.GetProperty("totalGpuSeconds").GetInt64();
    }

    private async Task<List<NodeUsageRecorded>> LedgerEventsAsync(string nodeId)
    {
        await using var session = metering.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(new NodeHourKey(nodeId, LastHour).ToString());
        return [.. events.Select(e => (NodeUsageRecorded)e.Data)];
    }
}
