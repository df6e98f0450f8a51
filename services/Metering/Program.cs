using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using MassTransit;
using Metering;
using Metering.Ingestion;
using Metering.Ledger;
using Metering.Nodes;
using Metering.Observations;
using Metering.Publishing;
using Metering.Usage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("metering", IngestionMetrics.MeterName);
var store = builder.AddEventStore(MeteringStorage.Configure);
builder.AddUsageRecordedPublishing(store);
builder.AddIngestion().AddLedger().AddUsage().AddNodes().AddObservations();
builder.AddServiceBus(bus => bus.AddConsumer<GpuUsageReportedConsumer, GpuUsageReportedConsumerDefinition>(), rabbit => rabbit.PublishRejectedReports());
builder.AddApiKeyAccess();

var app = builder.Build();
app.MapServiceDefaults();
app.UseApiKeyAccess();
app.UseRequestRules();
app.MapUsage();
app.MapNodes();
app.Run();

public partial class Program;
