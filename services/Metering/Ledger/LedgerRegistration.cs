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
        var sealing = builder.Configuration.GetSection("Sealing").Get<SealingOptions>() ?? new SealingOptions();
        // Zero would seal a backlog's windows as they arrive again, one event per pass.
        if (sealing.NodeQuiet <= TimeSpan.Zero)
            throw new InvalidOperationException($"Sealing:NodeQuiet must be positive; it is {sealing.NodeQuiet}.");
        builder.Services.AddSingleton(sealing);
        builder.Services.AddHostedService<IntakeUpgrade>();
        builder.Services.AddSingleton<LedgerSealer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LedgerSealer>());
        return builder;
    }
}
