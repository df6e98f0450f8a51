using FluentValidation;

namespace Webhooks.Subscriptions;

public static class SubscriptionsRegistration
{
    public static IHostApplicationBuilder AddSubscriptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidator<CreateSubscriptionRequest>, CreateSubscriptionValidator>();
        builder.Services.AddSingleton<IValidator<UpdateSubscriptionRequest>, UpdateSubscriptionValidator>();
        return builder;
    }
}
