using MassTransit;
using Metering.Contracts;
using Metering.ServiceDefaults;
using NodeAgent.Allocations;
using NodeAgent.Publishing;
using NodeAgent.Sampling;
using NodeAgent.Sampling.NvidiaSmi;
using NodeAgent.Sampling.Simulated;
using NodeAgent.Spooling;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("node-agent");

var configuration = builder.Configuration;
builder.Services.AddSingleton(configuration.GetSection("Spool").Get<SpoolOptions>() ?? new SpoolOptions());
builder.Services.AddSingleton(configuration.GetSection("Publishing").Get<PublishingOptions>() ?? new PublishingOptions());
builder.Services.AddSingleton(configuration.GetSection("Simulation").Get<SimulationOptions>() ?? new SimulationOptions());
builder.Services.AddSingleton<Spool>();
builder.Services.AddSingleton<PublishSignal>();
builder.Services.AddSingleton(services => new AllocationFile(
    configuration["Allocations:Path"], services.GetRequiredService<ILogger<AllocationFile>>()));
builder.Services.AddSingleton<IGpuSource>(services => configuration["Agent:Source"] switch
{
    null or "simulated" => ActivatorUtilities.CreateInstance<SimulatedFleet>(services),
    "nvidia-smi" => ActivatorUtilities.CreateInstance<NvidiaSmiSource>(services,
        configuration.GetSection("NvidiaSmi").Get<NvidiaSmiOptions>()
            ?? throw new InvalidOperationException("NvidiaSmi:NodeId is required for the nvidia-smi source.")),
    var other => throw new InvalidOperationException($"Agent:Source '{other}' is not one of: simulated, nvidia-smi."),
});
builder.Services.AddHostedService<Sampler>();
builder.Services.AddHostedService<SpoolPublisher>();
builder.Services.AddMassTransit(bus =>
{
    // Nothing about a billing system's traffic leaves it, and the machines it runs on may have no way out.
    bus.DisableUsageTelemetry();
    bus.UsingRabbitMq((_, rabbit) =>
    {
        rabbit.ConfigureRabbitMq(configuration);
        rabbit.PublishIntoWorkQueue<GpuUsageReported>(SpoolPublisher.MeteringQueue);
    });
});

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
