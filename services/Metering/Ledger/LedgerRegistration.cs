namespace Metering.Ledger;

public static class LedgerRegistration
{
    /// <summary>
    /// Intake writes reported seconds; the sealer moves closed node-hours into the ledger (timing from
    /// `Sealing`). Call before the bus is added: the intake's upgrade must finish before a report is taken.
    /// </summary>
    public static IHostApplicationBuilder AddLedger(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IntakeWriter>();
        builder.Services.AddSingleton(builder.Configuration.GetSection("Sealing").Get<SealingOptions>() ?? new SealingOptions());
        builder.Services.AddHostedService<IntakeUpgrade>();
        builder.Services.AddSingleton<LedgerSealer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LedgerSealer>());
        return builder;
    }
}
