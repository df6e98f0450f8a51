using Metering.Ledger;

namespace Metering.Usage;

public static class UsageRegistration
{
    /// <summary>
    /// Usage is read from 15-minute buckets that intake keeps in its own transaction. Call before the
    /// bus is added: the tenant buckets must be filled from an earlier version's before a report is taken.
    /// </summary>
    public static IHostApplicationBuilder AddUsage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ILedgerReadModel, UsageBuckets>();
        builder.Services.AddHostedService<TenantUsageBackfill>();
        return builder;
    }
}
