using GpuBilling.Messaging;
using Marten;

namespace Metering.Publishing;

public static class PublishingRegistration
{
    /// <summary>`UsageRecorded` leaves from the ledger's own events, through the async daemon that one instance runs.</summary>
    public static IHostApplicationBuilder AddUsageRecordedPublishing(
        this IHostApplicationBuilder builder, MartenServiceCollectionExtensions.MartenConfigurationExpression store)
    {
        store.AddSubscriptionWithServices<UsageRecordedPublisher>(ServiceLifetime.Singleton);
        builder.Services.AddAsyncDaemonLeadership(AdvisoryLocks.MeteringDaemon);
        return builder;
    }
}
