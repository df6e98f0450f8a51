using System.Text.Json;
using System.Text.Json.Serialization;
using Marten;
using MassTransit;
using Metering.ServiceDefaults;
using Npgsql;
using Pricing;
using Pricing.Accrual;
using Pricing.Publishing;
using Pricing.RateCards;
using Pricing.Tenants;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("pricing", AccrualMetrics.MeterName);
builder.UseClockOffset();

var postgres = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set.");
builder.Services.AddSingleton(NpgsqlDataSource.Create(postgres));
builder.Services.AddMarten(PricingSchema.Configure)
    .AddSubscriptionWithServices<PeriodRatedPublisher>(ServiceLifetime.Singleton)
    .UseNpgsqlDataSource()
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup();

builder.Services.AddSingleton<AccrualMetrics>();
builder.Services.AddSingleton<AccrualWriter>();
builder.Services.AddSingleton<PeriodOpening>();
builder.Services.AddSingleton(builder.Configuration.GetSection("Pricing").Get<PeriodOpenerOptions>() ?? new PeriodOpenerOptions());
builder.Services.AddHostedService<PeriodOpener>();
builder.Services.AddMissingStreamViews<RateCardSummary>(card => card.Id);
// Cards published before RateCard was kept as a snapshot get one before anything writes to them.
builder.Services.AddMissingStreamViews<RateCard>(card => card.Id);
builder.Services.AddAsyncDaemonLeadership(lockKey: 0x50726963696E67); // "Pricing"
builder.Services.AddMassTransit(bus =>
{
    // Nothing about a billing system's traffic leaves it, and the machines it runs on may have no way out.
    bus.DisableUsageTelemetry();
    bus.AddConsumer<UsageRecordedConsumer, UsageRecordedConsumerDefinition>();
    bus.AddConsumer<BillingTermsSetConsumer, BillingTermsSetConsumerDefinition>();
    bus.UsingServiceRabbitMq(builder.Configuration);
});

// Pricing models, increments and commitment kinds read as words ("per-unit") in requests and answers.
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));
builder.AddApiKeyAccess();

var app = builder.Build();
app.MapServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapRateCards();
app.Run();

public partial class Program;
