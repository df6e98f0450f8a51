using System.Text.Json.Serialization;
using Webhooks.Network;

namespace Webhooks.Deliveries;

public static class DeliveriesRegistration
{
    /// <summary>
    /// A partner event becomes one delivery per subscription, sent by the one leading instance
    /// through connections that refuse private addresses unless `Webhooks` allows them.
    /// </summary>
    public static IHostApplicationBuilder AddDeliveries(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Webhooks").Get<WebhookOptions>() ?? new WebhookOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(provider => new WebhookSender(
            new HttpClient(GuardedConnections.Handler(options.AllowPrivateNetworks, options.RequestTimeout)) { Timeout = options.RequestTimeout },
            provider.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<DeliveryMetrics>();
        builder.Services.AddHostedService<DeliveryWorker>();
        // A delivery's state reads as a word ("Delivered"), not a number.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }
}
