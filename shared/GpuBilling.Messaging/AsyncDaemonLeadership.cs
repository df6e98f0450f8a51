using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GpuBilling.Messaging;

/// <summary>
/// Runs a service's Marten async daemon (the subscriptions that publish its integration events)
/// in one instance at a time: two daemons would each publish every event.
/// </summary>
public sealed class AsyncDaemonLeadership(IDocumentStore store, LeaderLock leadership, NpgsqlDataSource database, ILogger<AsyncDaemonLeadership> logger)
    : LeaderOnlyService(leadership, database, logger)
{
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
    /// <summary>
    /// Marten is told the daemon is managed outside it (here, by leadership), so it neither starts
    /// one of its own nor warns at every start that none runs.
    /// </summary>
    /// <param name="leadership">The service's own: services sharing a database must not wait for each other's daemon.</param>
    public static IServiceCollection AddAsyncDaemonLeadership(this IServiceCollection services, LeaderLock leadership)
    {
        services.ConfigureMarten(options => options.Projections.AsyncMode = DaemonMode.ExternallyManaged);
        return services.AddHostedService(provider => ActivatorUtilities.CreateInstance<AsyncDaemonLeadership>(provider, leadership));
    }
}
