using Metering.Ledger;

namespace Metering.Usage;

public static class UsageRegistration
{
    /// <summary>Usage is read from 15-minute buckets that intake keeps in its own transaction.</summary>
    public static IHostApplicationBuilder AddUsage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ILedgerReadModel, UsageBuckets>();
        return builder;
    }
}
