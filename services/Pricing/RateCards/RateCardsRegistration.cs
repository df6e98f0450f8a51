using System.Text.Json;
using System.Text.Json.Serialization;
using GpuBilling.ServiceDefaults;

namespace Pricing.RateCards;

public static class RateCardsRegistration
{
    public static IHostApplicationBuilder AddRateCards(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMissingStreamViews<RateCardSummary>(card => card.Id);
        // Pricing models, increments and commitment kinds read as words ("per-unit") in requests and answers.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));
        return builder;
    }
}
