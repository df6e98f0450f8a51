using Marten;
using Npgsql;

namespace Metering.Publishing;

/// <summary>
/// Runs Marten's async daemon (the publishing subscription) in one metering instance at a time.
/// Marten's own HotCold leadership does not run with the packages this project can restore,
/// so leadership is a PostgreSQL advisory lock held on a dedicated connection: it is released
/// the moment that connection dies, and the leader checks the connection every second so it
/// stops its leader-only work at once when it loses it. Another instance then takes over.
/// </summary>
public sealed class DaemonLeadership(IDocumentStore store, NpgsqlDataSource database, ILogger<DaemonLeadership> logger) : BackgroundService
{
    // Any fixed number: the lock's name within this database.
    private const long LockKey = 0x4D65746572696E67; // "Metering"
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    public bool IsLeader { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await LeadWhileHoldingLockAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Lost or could not take the daemon leadership; trying again");
            }
            await Task.Delay(CheckEvery * 5, stoppingToken);
        }
    }

    private async Task LeadWhileHoldingLockAsync(CancellationToken stoppingToken)
    {
        await using var connection = await database.OpenConnectionAsync(stoppingToken);
        if (!await TryLockAsync(connection, stoppingToken)) return;

        logger.LogInformation("This instance leads the async daemon");
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        IsLeader = true;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(CheckEvery, stoppingToken);
                await using var ping = new NpgsqlCommand("select 1", connection);
                await ping.ExecuteScalarAsync(stoppingToken);
            }
        }
        finally
        {
            IsLeader = false;
            await daemon.StopAllAsync();
            logger.LogInformation("Stopped the async daemon");
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection);
        command.Parameters.AddWithValue(LockKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
