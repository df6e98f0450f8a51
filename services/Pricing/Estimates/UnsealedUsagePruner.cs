using Npgsql;

namespace Pricing.Estimates;

/// <summary>
/// Deletes tallies that can no longer change an estimate (<see cref="UnsealedUsage.PruneAsync"/>).
/// Every instance may run it: a delete done twice deletes nothing the second time.
/// </summary>
public sealed class UnsealedUsagePruner(NpgsqlDataSource database, TimeProvider clock, ILogger<UnsealedUsagePruner> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await UnsealedUsage.PruneAsync(database, clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Pruning unsealed usage tallies failed; the next round retries");
            }
            await Task.Delay(Interval, stoppingToken);
        }
    }
}
