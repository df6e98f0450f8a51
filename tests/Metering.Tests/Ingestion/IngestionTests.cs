using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.HashChains;
using GpuBilling.Messaging;
using GpuBilling.Testing;
using JasperFx.Events;
using Metering.Contracts;
using Metering.Ledger;
using static Metering.Tests.Ingestion.Reports;

namespace Metering.Tests.Ingestion;

public class IngestionTests(MeteringService metering) : IClassFixture<MeteringService>
{
    [Fact]
    public async Task A_second_delivered_many_times_is_counted_once()
    {
        var report = Report("dup-node", Enumerable.Range(0, 10), _ => [Gpu("GPU-d1", "dup-tenant"), Gpu("GPU-d2", "dup-tenant"), Gpu("GPU-d3", null)]);
        var overlapping = Report("dup-node", Enumerable.Range(5, 10), _ => [Gpu("GPU-d1", "dup-tenant"), Gpu("GPU-d2", "dup-tenant"), Gpu("GPU-d3", null)]);

        await metering.SendAsync(report, report, overlapping, report);

        var client = await metering.ClientForAsync("dup-tenant");
        await Eventually.AssertAsync(async () => Assert.Equal(2 * 15, await TotalGpuSecondsAsync(client)));
        await Eventually.AssertAsync(async () => Assert.Equal(0, await Queues.DepthAsync(metering.Name, "gpu-usage")));

        Assert.Equal(2 * 15, await TotalGpuSecondsAsync(client));
        await Eventually.AssertAsync(async () =>
        {
            var events = await LedgerEventsAsync("dup-node");
            Assert.Equal(Enumerable.Range(0, 15), events.SelectMany(e => e.Seconds.Seconds()).Order());
            Assert.Equal(15, events.SelectMany(e => e.Gpus).Where(g => g.TenantId is null).Sum(g => g.GpuSeconds));
        });
    }

    [Fact]
    public async Task A_second_sent_again_after_it_was_sealed_into_the_ledger_is_counted_once()
    {
        var report = Report("resent-node", Enumerable.Range(100, 20), _ => [Gpu("GPU-r1", "resent-tenant")]);
        await metering.SendAsync(report);
        await Eventually.AssertAsync(async () =>
            Assert.Equal(Enumerable.Range(100, 20), (await LedgerEventsAsync("resent-node")).SelectMany(e => e.Seconds.Seconds())));

        await metering.SendAsync(report, Report("resent-node", [99, 119, 120], _ => [Gpu("GPU-r1", "resent-tenant")]));

        var client = await metering.ClientForAsync("resent-tenant");
        await Eventually.AssertAsync(async () =>
            Assert.Equal(Enumerable.Range(99, 22), (await LedgerEventsAsync("resent-node")).SelectMany(e => e.Seconds.Seconds()).Order()));
        await Eventually.AssertAsync(async () => Assert.Equal(0, await Queues.DepthAsync(metering.Name, "gpu-usage")));
        Assert.Equal(22, await TotalGpuSecondsAsync(client));

        // Sealed in two passes at least: each later event chained to the one before through the node-hour's snapshot.
        var stream = await LedgerEventsAsync("resent-node");
        var chain = HashChain.Verify(stream);
        Assert.True(chain.IsIntact, chain.FirstBroken?.ToString());
        Assert.True(stream.Count >= 2);
        Assert.Equal(stream.Count, chain.EventsIntact);
        await using var session = metering.Store.QuerySession();
        Assert.Equal(stream[^1].Hash, (await session.LoadAsync<NodeHourLedger>(new NodeHourKey("resent-node", LastHour).ToString()))!.LastHash);
    }

    [Fact]
    public async Task A_report_of_the_wrong_shape_reaches_the_error_queue_with_the_reason()
    {
        const string wrongTypes = """
            {"messageType":["urn:message:Metering.Contracts:GpuUsageReported"],
             "message":{"nodeId":"typo-node","seconds":"every second"}}
            """;

        var unreadableBefore = metering.UnreadableCounted;
        await Queues.PublishRawAsync(metering.Name, "gpu-usage", wrongTypes, "application/vnd.masstransit+json");

        QueuedMessage? faulted = null;
        await Eventually.AssertAsync(async () => faulted = Assert.Single(await Queues.TakeAsync(metering.Name, "gpu-usage_error")));
        Assert.Contains("typo-node", faulted!.Payload);
        Assert.Contains("JSON value could not be converted", faulted.Headers["MT-Fault-Message"]);
        Assert.Equal(unreadableBefore + 1, metering.UnreadableCounted);
    }

    [Fact]
    public async Task A_report_over_the_size_limit_is_rejected_unread_and_counted_and_the_report_beside_it_is_recorded()
    {
        // About 20 MB, over the default Ingestion:MaxReportBytes of 16 MiB.
        var huge = Report("huge-node", [0], _ => [.. Enumerable.Range(0, 100_000).Select(g => Gpu($"GPU-h{g}", "huge-tenant"))]);
        var normal = Report("huge-node-neighbour", [0, 1], _ => [Gpu("GPU-n1", "huge-tenant")]);
        var rejectedBefore = metering.RejectedCounted;

        await metering.SendAsync(huge, normal);

        var rejected = await RejectedAsync(r => r.Report.NodeId == "");
        Assert.Empty(rejected.Report.Seconds);
        Assert.Equal(
            [new RejectionReason("Report",
                "The message from broker user 'guest' is larger than the 16777216 bytes metering reads (Ingestion:MaxReportBytes); it was not read.")],
            rejected.Reasons);
        Assert.NotNull(rejected.MessageId);
        var client = await metering.ClientForAsync("huge-tenant");
        await Eventually.AssertAsync(async () => Assert.Equal(2, await TotalGpuSecondsAsync(client)));
        await Eventually.AssertAsync(() =>
        {
            Assert.Equal(rejectedBefore + 1, metering.RejectedCounted);
            return Task.CompletedTask;
        });
        await Eventually.AssertAsync(async () => Assert.Equal(0, await Queues.DepthAsync(metering.Name, "gpu-usage")));
        Assert.Equal(0, await Queues.DepthAsync(metering.Name, "gpu-usage_error"));
    }

    [Fact]
    public async Task A_report_of_65_gpus_is_rejected_whole_with_its_reason()
    {
        await metering.SendAsync(Report("wide-node", [0], _ => [.. Enumerable.Range(0, 65).Select(g => Gpu($"GPU-w{g}", "wide-tenant"))]));

        var rejected = await RejectedAsync(r => r.Report.NodeId == "wide-node");
        Assert.Equal(65, rejected.Report.Seconds[0].Gpus.Count);
        Assert.Equal([new RejectionReason("Seconds[0].Gpus", "A node reports at most 64 GPUs a second.")], rejected.Reasons);
    }

    [Fact]
    public async Task A_reading_of_NaN_reaches_the_error_queue_with_the_reason()
    {
        var second = LastHour.ToString("O");
        var withNaN = $$$"""
            {"messageType":["urn:message:Metering.Contracts:GpuUsageReported"],
             "message":{"nodeId":"nan-node","seconds":[{"sequence":0,"second":"{{{second}}}",
               "gpus":[{"gpuUuid":"GPU-nan","model":"H100","powerWatts":"NaN"}]}]}}
            """;

        var unreadableBefore = metering.UnreadableCounted;
        await Queues.PublishRawAsync(metering.Name, "gpu-usage", withNaN, "application/vnd.masstransit+json");

        QueuedMessage? faulted = null;
        await Eventually.AssertAsync(async () =>
            faulted = Assert.Single(await Queues.TakeAsync(metering.Name, "gpu-usage_error"), m => m.Payload.Contains("nan-node")));
        // MassTransit's decimal converter refuses the text "NaN"; its words, not ours.
        Assert.Equal(
            ("System.Text.Json.JsonException", "Expected String, Number or Null, found: String"),
            (faulted!.Headers["MT-Fault-ExceptionType"], faulted.Headers["MT-Fault-Message"]));
        Assert.Equal(unreadableBefore + 1, metering.UnreadableCounted);
    }

    [Fact]
    public async Task Usage_of_one_tenant_is_invisible_to_another()
    {
        await metering.SendAsync(Report("iso-node", Enumerable.Range(0, 30), _ => [Gpu("GPU-i1", "iso-a")]));
        var a = await metering.ClientForAsync("iso-a");
        var b = await metering.ClientForAsync("iso-b");

        await Eventually.AssertAsync(async () => Assert.Equal(30, await TotalGpuSecondsAsync(a)));

        Assert.Equal(0, await TotalGpuSecondsAsync(b));
    }

    [Fact]
    public async Task Seconds_and_sequences_a_node_never_reported_are_counted_as_gaps()
    {
        await metering.SendAsync(Report("gap-node", [0, 1, 2, 6, 7], _ => [Gpu("GPU-g1", "gap-tenant")]));
        var operatorClient = await metering.ClientForAsync("ops", Roles.Operator);

        await Eventually.AssertAsync(async () =>
        {
            var nodes = await operatorClient.GetFromJsonAsync<List<Nodes.NodeReport>>("/v1/nodes");
            var node = Assert.Single(nodes!, n => n.NodeId == "gap-node");
            Assert.Equal((5L, 3L, 3L), (node.SecondsRecorded, node.MissingSeconds, node.MissingSequences));
            Assert.Equal(LastHour.AddSeconds(7), node.LastSecond);
        });
    }

    [Fact]
    public async Task The_nodes_report_is_for_operators_only()
    {
        var tenant = await metering.ClientForAsync("some-tenant");

        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.GetAsync("/v1/nodes")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await metering.AnonymousClient().GetAsync("/v1/nodes")).StatusCode);
    }

    /// <summary>The one rejection that matches, read over AMQP as an operator's tool reads it, left on the queue.</summary>
    private async Task<GpuUsageRejected> RejectedAsync(Func<GpuUsageRejected, bool> match)
    {
        var queue = new RejectedReports.RejectedQueue(new RabbitMqSettings
        {
            Host = TestServers.RabbitHost, Port = (ushort)TestServers.RabbitPort, VirtualHost = metering.Name,
        });
        GpuUsageRejected? rejected = null;
        // A 20 MB message: on a busy 2-core machine its serializing alone takes tens of seconds.
        await Eventually.AssertAsync(async () => rejected = Assert.Single([.. (await queue.PeekAllAsync()).Where(match)]), TimeSpan.FromMinutes(3));
        return rejected!;
    }

    private static async Task<long> TotalGpuSecondsAsync(HttpClient client)
    {
        var from = LastHour.ToString("O");
        var to = LastHour.AddHours(1).ToString("O");
        var usage = await client.GetFromJsonAsync<JsonElement>($"/v1/usage?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        return usage.GetProperty("totalGpuSeconds").GetInt64();
    }

    private async Task<List<NodeUsageRecorded>> LedgerEventsAsync(string nodeId)
    {
        await using var session = metering.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(new NodeHourKey(nodeId, LastHour).ToString());
        return events.Select(e => (NodeUsageRecorded)e.Data).ToList();
    }
}
