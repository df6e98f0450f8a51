using System.Diagnostics;
using GpuBilling.Messaging;
using MassTransit;
using Metering.Contracts;
using Metering.Ingestion;

namespace Metering.Benchmarks;

/// <summary>
/// Phase 2, the framework floor: MassTransit on both sides doing nothing else. One bus publishes the
/// captured report into the quorum queue concurrently (as the agent does), another consumes it with a batch consumer
/// that does nothing, configured like metering's <see cref="GpuUsageReportedConsumerDefinition"/>.
/// The pipeline cannot beat this; the ratio to it is what metering's own work costs.
/// </summary>
public static class FrameworkFloorPhase
{
    private const string VirtualHost = "bench-framework";

    public static async Task<PhaseResult> RunAsync(BenchSettings settings, SampleMessage sample, Func<IEnumerable<WatchedProcess?>> watched)
    {
        await Broker.CreateVirtualHostAsync(VirtualHost);
        var consumed = new Countdown();

        var consumerBus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            Host(rabbit);
            rabbit.ReceiveEndpoint(GpuUsageReportedConsumerDefinition.QueueName, endpoint =>
            {
                endpoint.SetQuorumQueue();
                endpoint.PrefetchCount = Prefetch.Count;
                endpoint.Consumer(() => new NullBatchConsumer(consumed), consumer =>
                {
                    // GpuUsageReportedConsumerDefinition.ConfigureConsumer, option for option.
                    consumer.Options<BatchOptions>(batch => batch
                        .SetMessageLimit(GpuUsageReportedConsumerDefinition.BatchSize)
                        .SetTimeLimit(TimeSpan.FromMilliseconds(250))
                        .SetConcurrencyLimit(GpuUsageReportedConsumerDefinition.ConcurrentBatches));
                    consumer.UseMessageRetry(retry => retry.Exponential(
                        10, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50)));
                });
            });
        });
        // A second bus, as the agent is a second process with its own connection.
        var senderBus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            Host(rabbit);
            rabbit.PublishIntoWorkQueue<GpuUsageReported>(GpuUsageReportedConsumerDefinition.QueueName);
            rabbit.PublishIntoWorkQueue<GpuUsageWindowReported>(GpuUsageReportedConsumerDefinition.QueueName);
        });

        await consumerBus.StartAsync();
        await senderBus.StartAsync();
        try
        {
            async Task SendAsync(int count)
            {
                var done = consumed.Expect(count);
                await RawBrokerPhase.ConcurrentlyAsync(count, settings.InFlight, () => senderBus.Publish(sample.Report));
                await done.WaitAsync(TimeSpan.FromMinutes(5));
            }

            await SendAsync(settings.WarmupMessages);
            var cpu = CpuMeter.Start(watched());
            var clock = Stopwatch.StartNew();
            await SendAsync(settings.FloorMessages);
            clock.Stop();

            var declared = await Broker.QueueAsync(VirtualHost, GpuUsageReportedConsumerDefinition.QueueName);
            return new PhaseResult(settings.FloorMessages, clock.Elapsed, sample.GpuSeconds, cpu.Stop(), declared?.Declaration ?? "?");
        }
        finally
        {
            await senderBus.StopAsync();
            await consumerBus.StopAsync();
        }
    }

    private static void Host(IRabbitMqBusFactoryConfigurator rabbit) =>
        rabbit.Host(Servers.RabbitHost, (ushort)Servers.RabbitPort, VirtualHost, host =>
        {
            host.Username(Broker.User);
            host.Password(Broker.Password);
        });
}

/// <summary>Takes each batch, of either report, and does nothing with it but count it.</summary>
public sealed class NullBatchConsumer(Countdown consumed) : IConsumer<Batch<GpuUsageReported>>, IConsumer<Batch<GpuUsageWindowReported>>
{
    public Task Consume(ConsumeContext<Batch<GpuUsageReported>> context)
    {
        consumed.Signal(context.Message.Length);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Batch<GpuUsageWindowReported>> context)
    {
        consumed.Signal(context.Message.Length);
        return Task.CompletedTask;
    }
}
