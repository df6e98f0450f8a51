using FluentValidation;
using Marten;
using MassTransit;
using Metering;
using Metering.Contracts;
using Metering.Ingestion;
using Metering.Ledger;
using Metering.Nodes;
using Metering.Publishing;
using Metering.ServiceDefaults;
using Metering.Usage;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("metering", IngestionMetrics.MeterName);

var postgres = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set.");
builder.Services.AddSingleton(NpgsqlDataSource.Create(postgres));
builder.Services.AddMarten(MeteringSchema.Configure)
    .AddSubscriptionWithServices<UsageRecordedPublisher>(ServiceLifetime.Singleton)
    .UseNpgsqlDataSource()
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup();

builder.Services.Configure<IngestionOptions>(builder.Configuration.GetSection("Ingestion"));
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
builder.Services.AddSingleton<ILedgerReadModel, UsageBuckets>();
builder.Services.AddSingleton<ILedgerReadModel, NodeReporting>();
builder.Services.AddSingleton<IntakeWriter>();
builder.Services.AddSingleton(builder.Configuration.GetSection("Sealing").Get<SealingOptions>() ?? new SealingOptions());
builder.Services.AddSingleton<LedgerSealer>();
builder.Services.AddHostedService(services => services.GetRequiredService<LedgerSealer>());
builder.Services.AddAsyncDaemonLeadership(AdvisoryLocks.MeteringDaemon);
builder.Services.AddSingleton<IngestionMetrics>();

builder.Services.AddMassTransit(bus =>
{
    // Nothing about a billing system's traffic leaves it, and the machines it runs on may have no way out.
    bus.DisableUsageTelemetry();
    bus.AddConsumer<GpuUsageReportedConsumer, GpuUsageReportedConsumerDefinition>();
    bus.UsingServiceRabbitMq(builder.Configuration, rabbit =>
        rabbit.PublishIntoWorkQueue<GpuUsageRejected>(GpuUsageReportedConsumer.RejectedQueue));
});

builder.AddApiKeyAccess();

var app = builder.Build();
app.MapServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapUsage();
app.MapNodes();
app.Run();

public partial class Program;
