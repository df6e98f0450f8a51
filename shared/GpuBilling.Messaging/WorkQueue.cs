using MassTransit;

namespace GpuBilling.Messaging;

/// <summary>
/// How a consumer takes its messages in batches: up to <paramref name="Size"/> messages, or what
/// came within <paramref name="TimeLimit"/>, <paramref name="Concurrent"/> batches at a time per instance.
/// </summary>
public sealed record Batches(int Size, TimeSpan TimeLimit, int Concurrent = 1)
{
    /// <summary>Enough unacknowledged messages from the broker to fill every concurrent batch twice over.</summary>
    public int Prefetch => Size * Concurrent * 2;
}

/// <summary>
/// The one shape of a consumer's definition: the durable queue it reads (<see cref="WorkQueues"/>),
/// its batches if it takes them, and the project's retries (<see cref="ConsumerRetries"/>), where
/// <c>isRefused</c> names the failures that say a message is wrong in itself.
/// </summary>
public abstract class WorkQueue<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    private readonly Batches? _batches;
    private readonly Func<Exception, bool>? _isRefused;

    protected WorkQueue(string queueName, Batches? batches = null, Func<Exception, bool>? isRefused = null)
    {
        EndpointName = queueName;
        _batches = batches;
        _isRefused = isRefused;
    }

    /// <summary>What a queue needs beyond the common shape: its own filters, or an order kept by taking one message at a time.</summary>
    protected virtual void ConfigureQueue(IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
    }

    protected sealed override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        if (_batches is { } batches)
        {
            endpointConfigurator.PrefetchCount = batches.Prefetch;
            consumerConfigurator.Options<BatchOptions>(options => options
                .SetMessageLimit(batches.Size)
                .SetTimeLimit(batches.TimeLimit)
                .SetConcurrencyLimit(batches.Concurrent));
        }
        ConfigureQueue(endpointConfigurator, context);
        consumerConfigurator.UseServiceRetries(_isRefused);
    }
}
