using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using MassTransit;
using Webhooks;
using Webhooks.Deliveries;
using Webhooks.Subscriptions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("webhooks", DeliveryMetrics.MeterName);
builder.AddEventStore(WebhooksStorage.Configure);
builder.AddSubscriptions().AddDeliveries();
builder.AddServiceBus(bus => bus.AddConsumer<PartnerEventConsumer, PartnerEventConsumerDefinition>());
builder.AddApiKeyAccess();

var app = builder.Build();
app.MapServiceDefaults();
app.UseApiKeyAccess();
app.UseRequestRules();
app.MapSubscriptions().MapDeliveries();
app.Run();

public partial class Program;
