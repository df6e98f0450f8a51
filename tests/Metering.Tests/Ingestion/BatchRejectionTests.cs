using System.Text.Json;
using GpuBilling.Testing;
using Metering.Ledger;
using static Metering.Tests.Ingestion.Reports;

namespace Metering.Tests.Ingestion;

/// <summary>A service that is started by the test, after its reports are queued, so they arrive as one batch.</summary>
public sealed class QueuedBeforeStartMeteringService() : MeteringService("metering_batch_tests")
{
    protected override bool StartsWithFixture => false;
}

public class BatchRejectionTests(QueuedBeforeStartMeteringService metering) : IClassFixture<QueuedBeforeStartMeteringService>
{
    [Fact]
    public async Task Invalid_reports_in_a_batch_are_rejected_with_their_reasons_and_the_valid_ones_are_recorded()
    {
        var valid = Enumerable.Range(0, 5).Select(s => Report("batch-node", [s], _ => [Gpu("GPU-b1", "batch-tenant")])).ToArray();
        var negativePower = Report("batch-node", [5], _ => [Gpu("GPU-b1", "batch-tenant", power: -1m)]);
        var inTheFuture = Report("batch-node", [6], _ => [Gpu("GPU-b1", "batch-tenant")], hour: LastHour.AddHours(3));
        var unknownClass = Report("batch-node", [7], _ => [Gpu("GPU-b1", "batch-tenant", allocationClass: "reserved")]);

        await metering.SendAsync([.. valid, negativePower, inTheFuture, unknownClass]);
        await metering.StartServiceAsync();

        List<QueuedMessage> rejected = [];
        await Eventually.AssertAsync(async () =>
        {
            rejected.AddRange(await Queues.TakeAsync(metering.Name, "gpu-usage-rejected"));
            Assert.Equal(3, rejected.Count);
        });
        Assert.Equal(
            [
                ("Seconds[0].Gpus[0].Allocation.AllocationClass", "'AllocationClass' must be 'on-demand' or 'spot', not 'reserved'."),
                ("Seconds[0].Gpus[0].PowerWatts", "'Power Watts' must be between 0 and 10000. You entered -1."),
                ("Seconds[0].Second", "'Second' is more than 5 minutes in the future."),
            ],
            rejected.SelectMany(ReasonsOf).Order());
        Assert.Equal("quorum", await Queues.TypeAsync(metering.Name, "gpu-usage-rejected"));

        await Eventually.AssertAsync(async () =>
        {
            await using var session = metering.Store.QuerySession();
            var events = await session.Events.FetchStreamAsync(new NodeHourKey("batch-node", LastHour).ToString());
            var recorded = Assert.Single(events).Data as NodeUsageRecorded;
            Assert.Equal("0-4", recorded!.Seconds.ToString());
            Assert.Equal(5, Assert.Single(recorded.Gpus).GpuSeconds);
        });
    }

    private static IEnumerable<(string, string)> ReasonsOf(QueuedMessage message) =>
        JsonDocument.Parse(message.Payload).RootElement.GetProperty("message").GetProperty("reasons").EnumerateArray()
            .Select(r => (r.GetProperty("field").GetString()!, r.GetProperty("problem").GetString()!));
}
