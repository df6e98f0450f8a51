using FluentValidation;
using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Invoicing;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Closing;
using Invoicing.Credits;
using Invoicing.Invoices;
using Invoicing.Invoices.Crediting;
using Invoicing.Ledger;
using Invoicing.Ratings;
using Invoicing.Standing;
using Invoicing.Thresholds;
using MassTransit;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("invoicing", InvoicingMetrics.MeterName);
builder.UseClockOffset();
var store = builder.AddInvoicingStore();
builder.AddBillingAccounts(store).AddInvoices(store).AddClosing();
builder.Services.AddHostedService<CreditExpiry>();
builder.Services.AddSingleton<IValidator<GrantRequest>, GrantRequestValidator>();
builder.Services.AddSingleton<IValidator<PutBillingAccountRequest>, PutBillingAccountRequestValidator>();
builder.AddStanding();
builder.AddServiceBus(bus =>
{
    bus.AddConsumer<UsageRecordedConsumer, UsageRecordedConsumerDefinition>();
    bus.AddConsumer<PeriodRatedConsumer, PeriodRatedConsumerDefinition>();
    bus.AddConsumer<ChargesEstimatedConsumer, ChargesEstimatedConsumerDefinition>();
    bus.AddConsumer<RateCardAnnouncedConsumer, RateCardAnnouncedConsumerDefinition>();
});
builder.AddApiKeyAccess();

var app = builder.Build();
app.MapServiceDefaults();
app.UseApiKeyAccess();
app.UseRequestRules();
app.MapBillingAccounts();
app.MapInvoices().MapRecompute();
app.MapCreditNotes();
app.MapCredits();
app.MapUsageWithoutAccount();
app.MapUsageThresholds();
app.MapStanding();
app.Run();

public partial class Program;
