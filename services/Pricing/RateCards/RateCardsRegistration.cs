using FluentValidation;
using System.Text.Json;
using System.Text.Json.Serialization;
using GpuBilling.ServiceDefaults;
using Marten;

namespace Pricing.RateCards;

public static class RateCardsRegistration
{
    /// <summary>Cards are listed from their summaries; each version is announced to other services as `RateCardAnnounced`.</summary>
    public static IHostApplicationBuilder AddRateCards(
        this IHostApplicationBuilder builder, MartenServiceCollectionExtensions.MartenConfigurationExpression store)
    {
        store.AddSubscriptionWithServices<RateCardAnnouncer>(ServiceLifetime.Singleton);
        builder.Services.AddSingleton<IValidator<PublishRateCardVersionRequest>, PublishRateCardVersionRequestValidator>();
        builder.Services.AddMissingStreamViews<RateCardSummary>(card => card.Id);
        // Pricing models, increments and commitment kinds read as words ("per-unit") in requests and answers.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));
        return builder;
    }
}
