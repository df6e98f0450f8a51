using Marten;
using Metering.ServiceDefaults;
using Npgsql;

namespace Pricing.Publishing;

/// <summary>Runs Marten's async daemon (the rating subscription) in one pricing instance at a time.</summary>
public sealed class DaemonLeadership(IDocumentStore store, NpgsqlDataSource database, ILogger<DaemonLeadership> logger)
    : LeaderOnlyService(database, logger)
{
    protected override long LockKey => 0x50726963696E67; // "Pricing"

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
