using GpuBilling.Messaging;
using Metering.Contracts;
using NodeAgent.Spooling;

namespace NodeAgent.Publishing;

public static class PublishingRegistration
{
    /// <summary>Samples wait in the spool (`Spool`) until the broker confirms them into metering's work queue (`Publishing`).</summary>
    public static IHostApplicationBuilder AddSpoolPublishing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection("Spool").Get<SpoolOptions>() ?? new SpoolOptions());
        builder.Services.AddSingleton<Spool>();
        builder.Services.AddSingleton(builder.Configuration.GetSection("Publishing").Get<PublishingOptions>() ?? new PublishingOptions());
        builder.Services.AddHostedService<SpoolPublisher>();
        builder.AddServiceBus(_ => { }, rabbit => rabbit.PublishIntoWorkQueue<GpuUsageReported>(SpoolPublisher.MeteringQueue));
        return builder;
    }
}
