using Metering.Ledger;

namespace Metering.Observations;

public static class ObservationsRegistration
{
    /// <summary>Intake writes each batch's observations beside its seconds; every instance publishes them (timing from `Observations`).</summary>
    public static IHostApplicationBuilder AddObservations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ILedgerReadModel, UsageObservations>();
        builder.Services.AddSingleton(builder.Configuration.GetSection("Observations").Get<ObservationOptions>() ?? new ObservationOptions());
        builder.Services.AddHostedService<UsageObservationPublisher>();
        return builder;
    }
}
