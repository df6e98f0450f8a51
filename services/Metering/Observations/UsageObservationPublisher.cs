using System.Text.Json;
using MassTransit;
using Metering.Contracts;
using Npgsql;

namespace Metering.Observations;

public sealed class ObservationOptions
{
    /// <summary>How often an empty outbox is looked at again: the live standing waits at most this long for an observation to leave.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(250);

    public int BatchSize { get; set; } = 500;
}

/// <summary>
/// Publishes the waiting observations and deletes them in one transaction that commits only after
/// the broker confirmed them: a crash between the two publishes them again (consumers count each
/// <see cref="UsageObserved.ObservationId"/> once), never loses one. Every instance may run it:
/// `skip locked` gives each a different page, so none waits for another and none publishes a row
/// another has taken. Order does not matter: what pricing keeps from observations is a sum.
/// </summary>
public sealed class UsageObservationPublisher(
    NpgsqlDataSource database, IBus bus, ObservationOptions options, ILogger<UsageObservationPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var published = 0;
            try
            {
                published = await PublishPageAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Publishing usage observations failed; they stay in the outbox and the next round retries");
            }
            // A full page says more are waiting: take the next at once.
            if (published < options.BatchSize) await Task.Delay(options.Interval, stoppingToken);
        }
    }

    public async Task<int> PublishPageAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            delete from {MeteringStorage.Name}.{UsageObservations.TableName}
            where observation_id in (
                select observation_id from {MeteringStorage.Name}.{UsageObservations.TableName}
                order by observed_at limit $1 for update skip locked)
            returning body::text
            """,
            connection, transaction);
        command.Parameters.AddWithValue(options.BatchSize);
        var observations = new List<UsageObserved>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                observations.Add(JsonSerializer.Deserialize<UsageObserved>(reader.GetString(0), UsageObservations.Json)!);
        if (observations.Count == 0) return 0;

        await Task.WhenAll(observations.Select(o => bus.Publish(o, cancellationToken)));
        await transaction.CommitAsync(cancellationToken);
        return observations.Count;
    }
}
