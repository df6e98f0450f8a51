using Metering.Contracts;
using NodeAgent.Sampling;
using NodeAgent.Spooling;
using RabbitMQ.Client.Exceptions;

namespace NodeAgent.Publishing;

/// <summary>
/// Sends spooled seconds to metering's exchange and removes them from the spool once the broker
/// confirms. A send that fails, times out or comes back unroutable is simply sent again later:
/// metering counts a second once however often it arrives. An unroutable report (no queue bound
/// yet: metering declares it when it first starts) stays in the spool like any other failure.
/// `Publishing:Report` picks the form: the legacy report per batch, or the compact report per node
/// and window (<see cref="ReportWindows"/> holds seconds back until their window is due).
/// </summary>
public sealed class SpoolPublisher(
    Spool spool,
    PublishSignal signal,
    ReportChannel channel,
    PublishingOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<SpoolPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(30);
    private readonly ReportWindows _windows = new(options, clock);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Report == ReportForm.Compact)
            logger.LogInformation("Sending compact reports (GpuUsageWindowReported), one per node per {Window} s window", options.WindowSeconds);
        else
            logger.LogInformation("Sending legacy reports (GpuUsageReported)");
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sourceEnded = signal.HasSourceEnded;
            var batches = spool.Oldest(options.MaxSecondsPerMessage);
            if (batches.Count == 0 && options.ExitWhenDrained && sourceEnded)
            {
                logger.LogInformation("Source ended and spool drained; stopping");
                lifetime.StopApplication();
                return;
            }
            TimeSpan? nextDueIn = null;
            if (options.Report == ReportForm.Compact) (batches, nextDueIn) = _windows.Due(batches, sourceEnded);
            if (batches.Count == 0)
            {
                var wait = nextDueIn is { } due && due < TimeSpan.FromSeconds(1) ? due : TimeSpan.FromSeconds(1);
                await signal.WaitAsync(wait, stoppingToken);
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

    private async Task SendAsync(List<IReadOnlyList<SpooledSecond>> batches, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(ConfirmTimeout);
        var failures = 0;
        var returned = 0;
        Exception? firstFailure = null;
        // Nothing is encoded for a broker that cannot be reached: in an outage each retry would otherwise
        // encode the whole pending backlog, a message at a time, only to fail on every one.
        await channel.ConnectAsync(timeout.Token);
        using var inFlight = new SemaphoreSlim(options.MaxInFlight);
        await Task.WhenAll(batches.Select(async seconds =>
        {
            await inFlight.WaitAsync(timeout.Token);
            try
            {
                if (options.Report == ReportForm.Compact)
                    await channel.PublishAsync(GpuUsageWindowReported.Of(seconds[0].NodeId, NodeSeconds(seconds)), timeout.Token);
                else
                    await channel.PublishAsync(new GpuUsageReported { NodeId = seconds[0].NodeId, Seconds = NodeSeconds(seconds) }, timeout.Token);
                spool.Confirm(seconds);
            }
            catch (PublishReturnException)
            {
                Interlocked.Increment(ref returned);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref failures);
                Interlocked.CompareExchange(ref firstFailure, e, null);
            }
            finally
            {
                inFlight.Release();
            }
        }));
        if (returned > 0)
            logger.LogWarning(
                "The broker returned {Returned} of {Messages} messages as unroutable (NO_ROUTE): no queue is bound to the exchange {Exchange} " +
                "yet (metering declares it when it starts); they stay in the spool", returned, batches.Count, ReportChannel.Exchange);
        if (failures + returned > 0)
            throw new InvalidOperationException($"{failures + returned} of {batches.Count} messages were not confirmed by the broker.", firstFailure);
    }

    private static NodeSecond[] NodeSeconds(IReadOnlyList<SpooledSecond> seconds)
    {
        var nodeSeconds = new NodeSecond[seconds.Count];
        for (var i = 0; i < nodeSeconds.Length; i++) nodeSeconds[i] = seconds[i].Second;
        return nodeSeconds;
    }
}
