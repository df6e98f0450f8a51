using Marten;
using Metering.ServiceDefaults;
using Npgsql;

namespace Metering.Publishing;

/// <summary>Runs Marten's async daemon (the publishing subscription) in one metering instance at a time.</summary>
public sealed class DaemonLeadership(IDocumentStore store, NpgsqlDataSource database, ILogger<DaemonLeadership> logger)
    : LeaderOnlyService(database, logger)
{
    protected override long LockKey => 0x4D65746572696E67; // "Metering"

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
