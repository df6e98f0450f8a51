using System.Threading.Channels;
using GpuBilling.Testing;
using MassTransit;
using Metering.Contracts;
using Metering.Tests.Ingestion;
using static Metering.Tests.Ingestion.Reports;

namespace Metering.Tests.Publishing;

public sealed class UsageObservingService() : MeteringService("metering_observing_tests");

public class UsageObservedPublishingTests(UsageObservingService metering) : IClassFixture<UsageObservingService>
{
    [Fact]
    public async Task Recorded_usage_is_observed_per_tenant_node_window_and_price_key_before_it_is_sealed()
    {
        var received = Channel.CreateUnbounded<UsageObserved>();
        var pricing = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, metering.Name, h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            rabbit.ReceiveEndpoint("pricing-under-test", e => e.Handler<UsageObserved>(c => received.Writer.WriteAsync(c.Message).AsTask()));
        });
        await pricing.StartAsync();
        try
        {
            // Seconds 290..309 of the hour cross the window at 300: obs-a holds two GPUs on demand
            // throughout and a spot GPU in the first 15 seconds; obs-b holds one on node-2 for 5 seconds; GPU-o4 is nobody's.
            var hour = LastHour;
            var seconds = Enumerable.Range(290, 20).ToList();
            await metering.SendAsync(
                Report("obs-node-1", seconds.Take(10), s => [Gpu("GPU-o1", "obs-a"), Gpu("GPU-o2", "obs-a"), Gpu("GPU-o3", "obs-a", allocationClass: AllocationClasses.Spot), Gpu("GPU-o4", null)], hour),
                Report("obs-node-1", seconds.Skip(10), s =>
                    [Gpu("GPU-o1", "obs-a"), Gpu("GPU-o2", "obs-a"), .. s < 305 ? [Gpu("GPU-o3", "obs-a", allocationClass: AllocationClasses.Spot)] : Array.Empty<GpuSample>(), Gpu("GPU-o4", null)], hour),
                Report("obs-node-2", Enumerable.Range(0, 5), _ => [Gpu("GPU-o5", "obs-b")], hour));

            var (window0, window300) = (hour, hour.AddMinutes(5));
            List<(string, string, DateTimeOffset, string, long)> expected =
            [
                ("obs-a", "obs-node-1", window0, "on-demand", 2 * 10),
                ("obs-a", "obs-node-1", window0, "spot", 10),
                ("obs-a", "obs-node-1", window300, "on-demand", 2 * 10),
                ("obs-a", "obs-node-1", window300, "spot", 5),
                ("obs-b", "obs-node-2", window0, "on-demand", 5),
            ];
            var observed = new List<UsageObserved>();
            await Eventually.AssertAsync(() =>
            {
                while (received.Reader.TryRead(out var message)) observed.Add(message);
                Assert.Equal(expected, observed
                    .SelectMany(o => o.Usage)
                    .GroupBy(u => (u.TenantId, u.NodeId, u.WindowStart, u.AllocationClass))
                    .Select(g => (g.Key.TenantId, g.Key.NodeId, g.Key.WindowStart, g.Key.AllocationClass, g.Sum(u => u.GpuSeconds)))
                    .OrderBy(u => u.TenantId).ThenBy(u => u.WindowStart).ThenBy(u => u.AllocationClass));
            }, TimeSpan.FromSeconds(60));

            Assert.Equal(observed.Count, observed.Select(o => o.ObservationId).Distinct().Count());
            var latest = observed.SelectMany(o => o.Usage).Where(u => u.TenantId == "obs-a" && u.WindowStart == window300)
                .GroupBy(u => u.AllocationClass).ToDictionary(g => g.Key, g => g.MaxBy(u => u.LastSecond)!);
            Assert.Equal((hour.AddSeconds(309), 2), (latest["on-demand"].LastSecond, latest["on-demand"].GpusAtLastSecond));
            Assert.Equal((hour.AddSeconds(304), 1), (latest["spot"].LastSecond, latest["spot"].GpusAtLastSecond));
        }
        finally
        {
            await pricing.StopAsync();
        }
    }
}
