using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using MassTransit;
using Metering.ServiceDefaults;
using Npgsql;
using Webhooks;
using Webhooks.Deliveries;
using Webhooks.Network;
using Webhooks.Subscriptions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("webhooks");

var postgres = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set.");
builder.Services.AddSingleton(NpgsqlDataSource.Create(postgres));
builder.Services.AddMarten(WebhooksStorage.Configure)
    .UseNpgsqlDataSource()
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup();

var options = builder.Configuration.GetSection("Webhooks").Get<WebhookOptions>() ?? new WebhookOptions();
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<IValidator<CreateSubscriptionRequest>, CreateSubscriptionValidator>();
builder.Services.AddSingleton<IValidator<UpdateSubscriptionRequest>, UpdateSubscriptionValidator>();
builder.Services.AddSingleton(provider => new WebhookSender(
    new HttpClient(GuardedConnections.Handler(options.AllowPrivateNetworks, options.RequestTimeout)) { Timeout = options.RequestTimeout },
    provider.GetRequiredService<TimeProvider>()));
builder.Services.AddHostedService<DeliveryWorker>();

builder.Services.AddMassTransit(bus =>
{
    // Nothing about a billing system's traffic leaves it, and the machines it runs on may have no way out.
    bus.DisableUsageTelemetry();
    bus.AddConsumer<PartnerEventConsumer, PartnerEventConsumerDefinition>();
    bus.UsingServiceRabbitMq(builder.Configuration);
});

builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.AddApiKeyAccess();

var app = builder.Build();
app.MapServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapSubscriptions().MapDeliveries();
app.Run();

public partial class Program;
