using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using MassTransit;
using Pricing;
using Pricing.Accrual;
using Pricing.Estimates;
using Pricing.Publishing;
using Pricing.RateCards;
using Pricing.Tenants;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("pricing", AccrualMetrics.MeterName);
builder.UseClockOffset();
var store = builder.AddPricingStore();
builder.AddRateCards(store).AddAccrual().AddEstimates().AddPeriodRatedPublishing(store);
builder.AddServiceBus(bus =>
{
    bus.AddConsumer<UsageRecordedConsumer, UsageRecordedConsumerDefinition>();
    bus.AddConsumer<BillingTermsSetConsumer, BillingTermsSetConsumerDefinition>();
    bus.AddConsumer<UsageObservedConsumer, UsageObservedConsumerDefinition>();
});
builder.AddApiKeyAccess();

var app = builder.Build();
app.MapServiceDefaults();
app.UseApiKeyAccess();
app.UseRequestRules();
app.MapRateCards();
app.Run();

public partial class Program;
