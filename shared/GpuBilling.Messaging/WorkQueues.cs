using MassTransit;
using Microsoft.Extensions.Configuration;

namespace GpuBilling.Messaging;

/// <summary>
/// Every durable work queue is a quorum queue, so it survives the loss of a broker node in a
/// cluster. RabbitMQ refuses a declaration whose queue type differs from the existing queue's
/// (PRECONDITION_FAILED), so every declarer of a queue must ask for the same type: the consuming
/// service's endpoint, its error queue, and any sender that declares the queue before the
/// consumer has ever run. Temporary queues (the bus's own response queue) stay classic: quorum
/// queues cannot be exclusive or auto-deleted.
/// </summary>
public static class WorkQueues
{
    /// <summary>
    /// The bus of a service that consumes: RabbitMQ with the project's settings, every endpoint
    /// its consumer definitions describe (and their error and skipped queues) declared as quorum queues.
    /// </summary>
    public static void UsingServiceRabbitMq(this IBusRegistrationConfigurator bus, IConfiguration configuration,
        Action<IRabbitMqBusFactoryConfigurator>? configure = null)
    {
        bus.AddConfigureEndpointsCallback((_, endpoint) =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator queue) queue.SetQuorumQueue();
        });
        bus.UsingRabbitMq((context, rabbit) =>
        {
            rabbit.ConfigureRabbitMq(configuration);
            rabbit.SendTopology.ConfigureErrorSettings = settings => settings.SetQuorumQueue();
            rabbit.SendTopology.ConfigureDeadLetterSettings = settings => settings.SetQuorumQueue();
            configure?.Invoke(rabbit);
            rabbit.ConfigureEndpoints(context);
        });
    }

    /// <summary>
    /// Publishing <typeparamref name="T"/> puts it into the quorum queue <paramref name="queue"/>,
    /// which the bus declares and binds before its first publish, so messages wait there for a
    /// consumer that has never run. MassTransit 8.5's `queue:` send address declares the queue it
    /// sends to but cannot say its type (it would ask for a classic queue), so instead the message
    /// is published to the exchange named after the queue (the one `queue:` would send to and the
    /// consumer's endpoint reads from) rather than to an exchange named after its type, and the
    /// publish topology binds the quorum queue to that exchange.
    /// </summary>
    public static void PublishIntoWorkQueue<T>(this IRabbitMqBusFactoryConfigurator rabbit, string queue) where T : class
    {
        rabbit.Message<T>(message => message.SetEntityName(queue));
        rabbit.Publish<T>(topology => topology.BindQueue(queue, queue, binding => binding.SetQuorumQueue()));
    }
}
