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

    [Fact]
    public async Task Every_sealed_ledger_event_is_published_whole_with_unallocated_gpus_and_their_readings()
    {
        var received = Channel.CreateUnbounded<NodeUsageSealed>();
        var fleet = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, metering.Name, h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            rabbit.ReceiveEndpoint("fleet-under-test", e => e.Handler<NodeUsageSealed>(c => received.Writer.WriteAsync(c.Message).AsTask()));
        });
        await fleet.StartAsync();
        try
        {
            // Only nobody holds the GPU: no UsageRecorded is published for it, but the fleet must still see it.
            await metering.SendAsync(Report("sealed-node", Enumerable.Range(100, 6), s => [Gpu("GPU-s1", s < 103 ? "sealed-tenant" : null, power: 200m)]));
            await metering.SendAsync(Report("idle-node", Enumerable.Range(0, 4), _ => [Gpu("GPU-i1", null, power: 100m)]));

            var published = new List<NodeUsageSealed>();
            await Eventually.AssertAsync(async () =>
            {
                while (received.Reader.TryRead(out var message)) published.Add(message);
                await Task.CompletedTask;
                Assert.Equal(6, published.Where(p => p.NodeId == "sealed-node").Sum(p => p.Gpus.Sum(g => g.GpuSeconds)));
                Assert.Equal(4, published.Where(p => p.NodeId == "idle-node").Sum(p => p.Gpus.Sum(g => g.GpuSeconds)));
            }, TimeSpan.FromSeconds(60));

            // Reports' GPUs run at 75 % and 40,000 MiB every second (Reports.Gpu).
            Assert.Equal(
                [("GPU-s1", "sealed-tenant", "on-demand", "100-102", 3, 225m, 3, 120_000L, 600m), ("GPU-s1", null, null, "103-105", 3, 225m, 3, 120_000L, 600m)],
                published.Where(p => p.NodeId == "sealed-node").SelectMany(p => p.Gpus)
                    .Select(g => (g.GpuUuid, g.TenantId, g.AllocationClass, g.Seconds, g.GpuSeconds, g.UtilizationPercentSeconds, g.UtilizationSamples, g.MemoryMiBSeconds, g.EnergyJoules))
                    .OrderBy(g => g.Seconds));
            Assert.Equal("100-105", Assert.Single(published, p => p.NodeId == "sealed-node").Seconds);
            var idle = Assert.Single(published, p => p.NodeId == "idle-node");
            Assert.Equal((new NodeHourKey("idle-node", LastHour).ToString(), 400m), (idle.LedgerStream, Assert.Single(idle.Gpus).EnergyJoules));
        }
        finally
        {
            await fleet.StopAsync();
        }
    }
}
