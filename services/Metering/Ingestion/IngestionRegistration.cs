using FluentValidation;
using GpuBilling.Messaging;
using MassTransit;
using Metering.Contracts;

namespace Metering.Ingestion;

public static class IngestionRegistration
{
    /// <summary>Reports are validated (limits from `Ingestion`) and counted before they reach the ledger.</summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<IngestionOptions>(builder.Configuration.GetSection("Ingestion"));
        builder.Services.AddValidatorsFromAssemblyContaining<GpuUsageReportedValidator>(ServiceLifetime.Singleton);
        builder.Services.AddSingleton<IngestionMetrics>();
        return builder;
    }

    /// <summary>A rejected report waits, with its reasons, in a queue of its own until an operator looks.</summary>
    public static void PublishRejectedReports(this IRabbitMqBusFactoryConfigurator rabbit) =>
        rabbit.PublishIntoWorkQueue<GpuUsageRejected>(GpuUsageReportedConsumer.RejectedQueue);
}
