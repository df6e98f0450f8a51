using JasperFx;
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
    /// <summary>Marten's own coordinator looks as often, and restarts what has been paused as long.</summary>
    private static readonly TimeSpan RestartPausedAfter = TimeSpan.FromSeconds(5);

    protected override async Task LeadAsync(CancellationToken leadership)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        try
        {
            await InRoundsAsync(token => RestartPausedAsync(daemon, token), RestartPausedAfter, leadership);
        }
        finally
        {
            await daemon.StopAllAsync();
        }
    }

    /// <summary>
    /// An exception out of a subscription's page (a broker or database blip) rolls the page back and
    /// pauses the subscription; only Marten's own leadership restarts paused ones, and this service
    /// manages the daemon itself. Without this a single failed page would stop publishing until the
    /// service restarted. A restarted subscription begins again at its last committed page, so it
    /// publishes that page again, which every publisher's messages allow.
    /// </summary>
    private async Task RestartPausedAsync(IProjectionDaemon daemon, CancellationToken leadership)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var agent in daemon.CurrentAgents())
        {
            if (agent.Status != AgentStatus.Paused || now - agent.PausedTime < RestartPausedAfter) continue;
            logger.LogWarning("Restarting {Subscription}, paused by a failure at {PausedTime} (logged then), from its last committed page",
                agent.Name.Identity, agent.PausedTime);
            await daemon.StartAgentAsync(agent.Name.Identity, leadership);
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
