using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GpuBilling.Messaging;

public static class ServiceBus
{
    /// <summary>
    /// The service's MassTransit bus on RabbitMQ (<see cref="WorkQueues.UsingServiceRabbitMq"/>):
    /// <paramref name="consumers"/> adds what it consumes, <paramref name="configure"/> what it
    /// publishes into work queues.
    /// </summary>
    public static IHostApplicationBuilder AddServiceBus(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> consumers, Action<IRabbitMqBusFactoryConfigurator>? configure = null)
    {
        builder.Services.AddMassTransit(bus =>
        {
            // Nothing about a billing system's traffic leaves it, and the machines it runs on may have no way out.
            bus.DisableUsageTelemetry();
            consumers(bus);
            bus.UsingServiceRabbitMq(builder.Configuration, configure);
        });
        return builder;
    }
}
