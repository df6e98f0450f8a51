using GpuBilling.Messaging;
using MassTransit;
using Metering.Contracts;
using NodeAgent.Sampling;
using NodeAgent.Spooling;

namespace NodeAgent.Publishing;

public sealed class PublishingOptions
{
    /// <summary>A backlog goes out in messages of up to this many seconds of one node.</summary>
    public int MaxSecondsPerMessage { get; set; } = 60;

    /// <summary>How many messages may await the broker's confirmation at once.</summary>
    public int MaxInFlight { get; set; } = 1000;

    /// <summary>Exit once a finite source has ended and the spool is empty (tests, benchmarks).</summary>
    public bool ExitWhenDrained { get; set; }
}

/// <summary>
/// Sends spooled seconds to metering's queue and removes them from the spool once the broker
/// confirms. A send that fails or times out is simply sent again later: metering counts a
/// second once however often it arrives. The bus publishes reports into metering's queue and
/// declares it (a quorum queue, as metering does), so nothing is dropped while no consumer has
/// bound it yet.
/// </summary>
public sealed class SpoolPublisher(
    Spool spool,
    PublishSignal signal,
    IBus bus,
    PublishingOptions options,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<SpoolPublisher> logger) : BackgroundService
{
    public const string MeteringQueue = "gpu-usage";
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            var batches = spool.Oldest(options.MaxSecondsPerMessage);
            if (batches.Count == 0)
            {
                if (options.ExitWhenDrained && signal.HasSourceEnded)
                {
                    logger.LogInformation("Source ended and spool drained; stopping");
                    lifetime.StopApplication();
                    return;
                }
                await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            try
            {
                await SendAsync(batches, stoppingToken);
                backoff = TimeSpan.Zero;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                backoff = TimeSpan.FromMilliseconds(Math.Clamp(backoff.TotalMilliseconds * 2, 250, 10_000));
                logger.LogWarning(e, "Sending {Pending} spooled seconds failed; retrying in {Backoff}", spool.PendingCount, backoff);
                await Task.Delay(backoff, stoppingToken);
            }
        }
    }

    /// <summary>
    /// The broker checks the user-id property against the user that authenticated the connection,
    /// so metering can trust it to say which node sent a report.
    /// </summary>
    private void StampBrokerUser(PublishContext<GpuUsageReported> context) => context.StampUserId(configuration.RabbitMqSettings().Username);

    private async Task SendAsync(List<IReadOnlyList<SpooledSecond>> batches, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(ConfirmTimeout);
        var failures = 0;
        using var inFlight = new SemaphoreSlim(options.MaxInFlight);
        await Task.WhenAll(batches.Select(async seconds =>
        {
            await inFlight.WaitAsync(timeout.Token);
            try
            {
                await bus.Publish(new GpuUsageReported
                {
                    NodeId = seconds[0].NodeId,
                    Seconds = [.. seconds.Select(s => s.Second)],
                }, StampBrokerUser, timeout.Token);
                spool.Confirm(seconds);
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref failures);
            }
            finally
            {
                inFlight.Release();
            }
        }));
        if (failures > 0) throw new InvalidOperationException($"{failures} of {batches.Count} messages were not confirmed by the broker.");
    }
}
