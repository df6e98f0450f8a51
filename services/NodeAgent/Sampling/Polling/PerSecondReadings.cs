using System.Runtime.CompilerServices;

namespace NodeAgent.Sampling.Polling;

/// <summary>
/// One reading for every UTC second, from a tool that is asked now and then (npu-smi, amd-smi,
/// dcgm-exporter). Billing is per second whatever the tool's own pace: each second that passes is
/// reported with the GPUs of the latest answer, as long as that answer is younger than
/// <see cref="PollingOptions.MaxAge"/>. A GPU is therefore present (and billable) in a second when
/// a recent answer listed it; its readings are the ones that answer carried.
/// </summary>
public sealed class PerSecondReadings(string nodeId, PollingOptions options, TimeProvider clock, ILogger logger)
{
    private sealed record Answer(IReadOnlyList<GpuReading> Gpus, DateTimeOffset At);

    private volatile Answer? _latest;

    /// <param name="ask">One ask of the tool. It throws when the tool could not answer; the previous answer then stands until it ages out.</param>
    public async IAsyncEnumerable<NodeReading> ReadAsync(
        Func<CancellationToken, Task<IReadOnlyList<GpuReading>>> ask,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var firstAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var polling = PollAsync(ask, firstAnswer, stop.Token);
        try
        {
            await firstAnswer.Task.WaitAsync(cancellationToken);
            var second = WholeSecond(clock.GetUtcNow());
            var stale = false;
            while (true)
            {
                var wait = second.AddSeconds(1) - clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken);

                var latest = _latest!;
                var fresh = clock.GetUtcNow() - latest.At <= options.MaxAge;
                if (fresh) yield return new NodeReading(nodeId, second, latest.Gpus);
                if (fresh == stale)
                {
                    stale = !fresh;
                    if (stale) logger.LogError("No answer from the GPU tool since {At}; seconds go unreported until it answers", latest.At);
                    else logger.LogInformation("The GPU tool answers again");
                }
                second = second.AddSeconds(1);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await polling;
        }
    }

    private async Task PollAsync(Func<CancellationToken, Task<IReadOnlyList<GpuReading>>> ask, TaskCompletionSource firstAnswer, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval, clock);
        try
        {
            do
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Timeout);
                try
                {
                    var gpus = await ask(timeout.Token);
                    _latest = new Answer(gpus, clock.GetUtcNow());
                    firstAnswer.TrySetResult();
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "The GPU tool did not answer; its previous answer stands for up to {MaxAge}", options.MaxAge);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped mid-ask: the tool's own failure (killed, cancelled) is not news then.
        }
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset instant) =>
        DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());
}
