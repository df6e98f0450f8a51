using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GpuBilling.Messaging;

/// <summary>
/// Work that must run in one instance of a service at a time (an async daemon, a period closer).
/// Leadership is a PostgreSQL advisory lock held on a dedicated connection: it is released the
/// moment that connection dies, and the leader checks the connection every second, so it stops
/// its leader-only work at once when it loses it and another instance takes over. Marten's own
/// HotCold leadership does not run with the packages this project can restore.
/// </summary>
/// <param name="leadership">The lock of this kind of work, from <see cref="AdvisoryLocks"/>.</param>
public abstract class LeaderOnlyService(LeaderLock leadership, NpgsqlDataSource database, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    public bool IsLeader { get; private set; }

    /// <summary>The leader-only work: runs until <paramref name="leadership"/> is cancelled, because leadership was lost or the service stops.</summary>
    protected abstract Task LeadAsync(CancellationToken leadership);

    /// <summary>
    /// Leader-only work done in rounds: one round, then <paramref name="interval"/>, while leading.
    /// The interval is wall time: a business clock (which `Clock:Offset` shifts and tests move) says
    /// what is due, not how often to look.
    /// </summary>
    protected static async Task InRoundsAsync(Func<CancellationToken, Task> round, TimeSpan interval, CancellationToken leadership)
    {
        while (true)
        {
            await round(leadership);
            await Task.Delay(interval, leadership);
        }
    }

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
                logger.LogWarning(e, "Lost or could not take the leadership of {Work}; trying again", leadership.Name);
            }
            await Task.Delay(CheckEvery * 5, stoppingToken);
        }
    }

    private async Task LeadWhileHoldingLockAsync(CancellationToken stoppingToken)
    {
        await using var connection = await database.OpenConnectionAsync(stoppingToken);
        if (!await TryLockAsync(connection, stoppingToken)) return;

        logger.LogInformation("This instance leads {Work}", leadership.Name);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var work = LeadAsync(leading.Token);
        IsLeader = true;
        try
        {
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(CheckEvery, stoppingToken));
                await using var ping = new NpgsqlCommand("select 1", connection);
                await ping.ExecuteScalarAsync(stoppingToken);
            }
        }
        finally
        {
            IsLeader = false;
            await leading.CancelAsync();
            try
            {
                await work;
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
            }
            logger.LogInformation("Stopped leading {Work}", leadership.Name);
        }
    }

    private async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection);
        command.Parameters.AddWithValue(leadership.Key);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
