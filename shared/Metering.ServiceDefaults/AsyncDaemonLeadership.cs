using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Metering.ServiceDefaults;

/// <summary>
/// Runs a service's Marten async daemon (the subscriptions that publish its integration events)
/// in one instance at a time: two daemons would each publish every event.
/// </summary>
public sealed class AsyncDaemonLeadership(IDocumentStore store, NpgsqlDataSource database, ILogger<AsyncDaemonLeadership> logger, long lockKey)
    : LeaderOnlyService(database, logger)
{
    protected override long LockKey => lockKey;

    protected override async Task LeadAsync(CancellationToken leadership)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        try
        {
            await Task.Delay(Timeout.Infinite, leadership);
        }
        finally
        {
            await daemon.StopAllAsync();
        }
    }
}

public static class AsyncDaemonLeadershipRegistration
{
    /// <param name="lockKey">Distinct per service: services sharing a database must not wait for each other's daemon.</param>
    public static IServiceCollection AddAsyncDaemonLeadership(this IServiceCollection services, long lockKey) =>
        services.AddHostedService(provider => new AsyncDaemonLeadership(
            provider.GetRequiredService<IDocumentStore>(),
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<ILogger<AsyncDaemonLeadership>>(),
            lockKey));
}
