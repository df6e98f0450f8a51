using System.Threading.Channels;
using GpuBilling.Testing;
using MassTransit;
using Metering.Contracts;
using Metering.Ledger;
using Metering.Tests.Ingestion;
using static Metering.Tests.Ingestion.Reports;

namespace Metering.Tests.Publishing;

public sealed class UsagePublishingService() : MeteringService("metering_publishing_tests");

public class UsageRecordedPublishingTests(UsagePublishingService metering) : IClassFixture<UsagePublishingService>
{
    [Fact]
    public async Task Sealed_usage_is_published_with_its_lineage_and_allocation_class_and_without_unallocated_gpus()
    {
        var received = Channel.CreateUnbounded<UsageRecorded>();
        var pricing = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, metering.Name, h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            rabbit.ReceiveEndpoint("pricing-under-test", e => e.Handler<UsageRecorded>(c => received.Writer.WriteAsync(c.Message).AsTask()));
        });
        await pricing.StartAsync();
        try
        {
            await metering.SendAsync(Report("pub-node", Enumerable.Range(0, 10),
                _ => [Gpu("GPU-p1", "pub-tenant", power: 250m), Gpu("GPU-p2", "pub-tenant", allocationClass: AllocationClasses.Spot), Gpu("GPU-p3", null)]));

            var published = new List<UsageRecorded>();
            await Eventually.AssertAsync(async () =>
            {
                while (received.Reader.TryRead(out var message)) published.Add(message);
                await Task.CompletedTask;
                Assert.Equal(20, published.Where(p => p.NodeId == "pub-node").Sum(p => p.Usage.Sum(u => u.GpuSeconds)));
            }, TimeSpan.FromSeconds(60));

            var usage = published.Where(p => p.NodeId == "pub-node").SelectMany(p => p.Usage).ToList();
            Assert.All(published, p => Assert.Equal(new NodeHourKey("pub-node", LastHour).ToString(), p.LedgerStream));
            Assert.Equal(
                [("GPU-p1", "pub-tenant", "job-1", "on-demand", 2500m), ("GPU-p2", "pub-tenant", "job-1", "spot", 3000m)],
                usage.GroupBy(u => (u.GpuUuid, u.TenantId, u.WorkloadId, u.AllocationClass))
                    .Select(g => (g.Key.GpuUuid, g.Key.TenantId, g.Key.WorkloadId, g.Key.AllocationClass, g.Sum(u => u.EnergyJoules)))
                    .OrderBy(u => u.GpuUuid));
            Assert.Equal(published.Count, published.Select(p => p.LedgerEventId).Distinct().Count());
        }
        finally
        {
            await pricing.StopAsync();
        }
    }
}
