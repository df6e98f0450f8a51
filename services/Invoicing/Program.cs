using Invoicing.Invoices.Crediting;
using System.Text.Json.Serialization;
using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Invoicing;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Closing;
using Invoicing.Invoices;
using Invoicing.Ledger;
using Invoicing.Ratings;
using Invoicing.Thresholds;
using Marten;
using MassTransit;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("invoicing", InvoicingMetrics.MeterName);
builder.UseClockOffset();

var postgres = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set.");
builder.Services.AddSingleton(NpgsqlDataSource.Create(postgres));
builder.Services.AddMarten(InvoicingStorage.Configure)
    .AddSubscriptionWithServices<BillingTermsPublisher>(ServiceLifetime.Singleton)
    .AddSubscriptionWithServices<PartnerEventsPublisher>(ServiceLifetime.Singleton)
    .UseNpgsqlDataSource()
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup();

// Before anything that writes (the closer, the consumers): a stream written before its snapshot was kept must not read as none.
builder.Services.AddMissingStreamViews<Invoice>(invoice => invoice.Id, typeof(InvoiceDraftOpened));
builder.Services.AddMissingStreamViews<BillingAccountState>(account => account.TenantId, typeof(BillingAccountOpened));
builder.Services.AddSingleton<InvoicingMetrics>();
builder.Services.AddSingleton(builder.Configuration.GetSection("Invoicing").Get<ClosingOptions>() ?? new ClosingOptions());
builder.Services.AddSingleton<InvoiceClosing>();
builder.Services.AddHostedService<PeriodCloser>();
builder.Services.AddMissingStreamViews<BillingAccountView>(view => view.TenantId);
builder.Services.AddHostedService<MissingCreditNotes>();
builder.Services.AddAsyncDaemonLeadership(AdvisoryLocks.InvoicingDaemon);

builder.Services.AddMassTransit(bus =>
{
    // Nothing about a billing system's traffic leaves it, and the machines it runs on may have no way out.
    bus.DisableUsageTelemetry();
    bus.AddConsumer<UsageRecordedConsumer, UsageRecordedConsumerDefinition>();
    bus.AddConsumer<PeriodRatedConsumer, PeriodRatedConsumerDefinition>();
    bus.UsingServiceRabbitMq(builder.Configuration);
});

builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.AddApiKeyAccess();

var app = builder.Build();
app.MapServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapBillingAccounts();
app.MapInvoices().MapRecompute();
app.MapCreditNotes();
app.MapUsageWithoutAccount();
app.MapUsageThresholds();
app.Run();

public partial class Program;
