using System.Diagnostics;
using Metering.Ingestion;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Metering.Benchmarks;

/// <summary>
/// Phase 1, the physical limit: what this machine's broker carries end to end with no framework
/// at all. RabbitMQ.Client publishes the captured envelope with publisher confirms and
/// <see cref="BenchSettings.InFlight"/> confirms outstanding; a consumer with metering's prefetch
/// acknowledges each delivery. Topology as the agent and metering declare it: a durable fanout
/// exchange `gpu-usage` bound to the quorum queue of the same name.
/// </summary>
public static class RawBrokerPhase
{
    private const string VirtualHost = "bench-raw";
    private const string Queue = GpuUsageReportedConsumerDefinition.QueueName;

    public static async Task<PhaseResult> RunAsync(BenchSettings settings, SampleMessage sample, Func<IEnumerable<WatchedProcess?>> watched)
    {
        await Broker.CreateVirtualHostAsync(VirtualHost);
        var factory = Broker.Factory(VirtualHost);
        await using var consumerConnection = await factory.CreateConnectionAsync("bench-raw-consumer");
        await using var publisherConnection = await factory.CreateConnectionAsync("bench-raw-publisher");

        await using var consumerChannel = await consumerConnection.CreateChannelAsync();
        await consumerChannel.ExchangeDeclareAsync(Queue, ExchangeType.Fanout, durable: true, autoDelete: false);
        await consumerChannel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await consumerChannel.QueueBindAsync(Queue, Queue, routingKey: "");
        await consumerChannel.BasicQosAsync(prefetchSize: 0, prefetchCount: Prefetch.Count, global: false);

        var delivered = new Countdown();
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            delivered.Signal();
        };
        await consumerChannel.BasicConsumeAsync(Queue, autoAck: false, consumer);

        // The client's own limiter would hold outstanding confirms to 128; the workers below keep
        // exactly InFlight outstanding instead.
        var confirming = new CreateChannelOptions(
            publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: null);
        await using var publisher = await publisherConnection.CreateChannelAsync(confirming);

        async Task PublishAsync(int count)
        {
            var done = delivered.Expect(count);
            await ConcurrentlyAsync(count, settings.InFlight, () => publisher.BasicPublishAsync(
                Queue, routingKey: "", mandatory: false, sample.Properties, sample.Envelope).AsTask());
            await done.WaitAsync(TimeSpan.FromMinutes(5));
        }

        await PublishAsync(settings.WarmupMessages);
        var cpu = CpuMeter.Start(watched());
        var clock = Stopwatch.StartNew();
        await PublishAsync(settings.RawMessages);
        clock.Stop();

        var queue = await Broker.QueueAsync(VirtualHost, Queue);
        return new PhaseResult(settings.RawMessages, clock.Elapsed, sample.GpuSeconds, cpu.Stop(), queue?.Declaration ?? "?");
    }

    /// <summary>Runs <paramref name="count"/> sends with <paramref name="concurrency"/> of them awaiting their confirm at any time.</summary>
    public static Task ConcurrentlyAsync(int count, int concurrency, Func<Task> send)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, count)).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count) await send();
        }));
    }
}

/// <summary>The prefetch metering's consumer definition sets: enough unacknowledged messages to fill every concurrent batch twice.</summary>
public static class Prefetch
{
    public const ushort Count = GpuUsageReportedConsumerDefinition.BatchSize * GpuUsageReportedConsumerDefinition.ConcurrentBatches * 2;
}

/// <summary>Counts deliveries and completes when the expected number has arrived.</summary>
public sealed class Countdown
{
    private long _received;
    private long _target = long.MaxValue;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Arms the countdown for <paramref name="count"/> more deliveries.</summary>
    public Task Expect(long count)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _target, Received + count);
        if (Received >= Interlocked.Read(ref _target)) _done.TrySetResult();
        return _done.Task;
    }

    public void Signal(int count = 1)
    {
        if (Interlocked.Add(ref _received, count) >= Interlocked.Read(ref _target)) _done.TrySetResult();
    }
}

/// <summary>A throughput phase: messages moved end to end in the elapsed time, and where the CPU went.</summary>
public sealed record PhaseResult(long Messages, TimeSpan Elapsed, int GpuSecondsPerMessage, CpuReport Cpu, string QueueDeclaration)
{
    public double MessagesPerSecond => Messages / Elapsed.TotalSeconds;
    public double GpuSecondsPerSecond => MessagesPerSecond * GpuSecondsPerMessage;
}
