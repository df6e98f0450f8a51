using FluentValidation;
using Webhooks.Signing;

namespace Webhooks.Subscriptions;

public static class SubscriptionsRegistration
{
    public static IHostApplicationBuilder AddSubscriptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidator<CreateSubscriptionRequest>, CreateSubscriptionValidator>();
        builder.Services.AddSingleton<IValidator<UpdateSubscriptionRequest>, UpdateSubscriptionValidator>();
        builder.Services.AddSingleton(SecretKeys.BoxFrom(builder.Configuration));
        // Registered before the delivery worker, so no secret is read before it is sealed.
        builder.Services.AddHostedService<StoredSecretsSealing>();
        return builder;
    }
}
