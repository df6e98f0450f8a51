using GpuBilling.Messaging;
using NodeAgent.Spooling;

namespace NodeAgent.Publishing;

public static class PublishingRegistration
{
    /// <summary>
    /// Samples wait in the spool (`Spool`) until the broker confirms them into metering's exchange
    /// (`Publishing`, over the connection `RabbitMq` describes); `/health/ready` says whether the
    /// agent holds an open channel to the broker.
    /// </summary>
    public static IHostApplicationBuilder AddSpoolPublishing(this IHostApplicationBuilder builder)
    {
        var spool = builder.Configuration.GetSection("Spool").Get<SpoolOptions>() ?? new SpoolOptions();
        var publishing = builder.Configuration.GetSection("Publishing").Get<PublishingOptions>() ?? new PublishingOptions();
        spool.SecondsInMemoryPerNode = Math.Max(spool.SecondsInMemoryPerNode, 2 * publishing.WindowSeconds);
        builder.Services.AddSingleton(spool);
        builder.Services.AddSingleton<Spool>();
        builder.Services.AddSingleton<GroupCommit>();
        builder.Services.AddSingleton(publishing);
        builder.Services.AddSingleton(builder.Configuration.RabbitMqSettings());
        builder.Services.AddSingleton<ReportChannel>();
        builder.Services.AddHealthChecks().AddCheck<ReportChannel>("broker");
        builder.Services.AddHostedService<SpoolPublisher>();
        return builder;
    }
}
