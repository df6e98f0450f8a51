using Marten;

namespace Pricing.Publishing;

public static class PublishingRegistration
{
    /// <summary>`PeriodRated` leaves from the accrual streams' own events, through the async daemon that one instance runs.</summary>
    public static IHostApplicationBuilder AddPeriodRatedPublishing(
        this IHostApplicationBuilder builder, MartenServiceCollectionExtensions.MartenConfigurationExpression store)
    {
        store.AddSubscriptionWithServices<PeriodRatedPublisher>(ServiceLifetime.Singleton);
        return builder;
    }
}
