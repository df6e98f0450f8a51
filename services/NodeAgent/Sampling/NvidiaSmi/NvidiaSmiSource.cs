using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace NodeAgent.Sampling.NvidiaSmi;

/// <summary>
/// Readings from one long-running nvidia-smi, restarted when it exits. Starting nvidia-smi
/// afresh every second can itself take a second, so it runs in its own loop and is read line
/// by line; the MIG slices come from <c>nvidia-smi -L</c> now and then.
/// </summary>
public sealed class NvidiaSmiSource : IGpuSource
{
    private readonly NvidiaSmiOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<NvidiaSmiSource> _logger;
    private volatile MigListing _migListing = MigListing.None;

    public NvidiaSmiSource(NvidiaSmiOptions options, TimeProvider timeProvider, ILogger<NvidiaSmiSource> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.NodeId);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SamplingInterval, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MigRefreshInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RestartDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRestartDelay, options.RestartDelay);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    private static IReadOnlyList<string> SamplingArguments(TimeSpan samplingInterval) =>
    [
        $"--query-gpu={NvidiaSmiCsvParser.QueryFields}",
        "--format=csv",
        $"--loop-ms={((long)samplingInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}",
    ];

    public async IAsyncEnumerable<NodeReading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // nvidia-smi's output is read by a loop of its own, so every line is stamped when it
        // arrives even while the consumer is busy; lines left waiting in the pipe would be
        // stamped late, in seconds they do not belong to. Unbounded, because readings come at
        // most once a second and dropping one would drop a billable second.
        var readings = Channel.CreateUnbounded<NodeReading>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producing = ProduceAsync(readings.Writer, stop.Token);
        try
        {
            await foreach (var reading in readings.Reader.ReadAllAsync(cancellationToken))
            {
                yield return reading;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producing;
        }
    }

    private async Task ProduceAsync(ChannelWriter<NodeReading> readings, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await SampleUntilCancelledAsync(readings, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        readings.TryComplete(failure);
    }

    private async Task SampleUntilCancelledAsync(ChannelWriter<NodeReading> readings, CancellationToken cancellationToken)
    {
        // Listed before sampling starts: until a listing is known, a partitioned GPU is reported whole.
        _migListing = await ListMigSlicesAsync(cancellationToken) ?? MigListing.None;
        using var stopRefreshing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var refreshing = RefreshMigListingAsync(stopRefreshing.Token);
        try
        {
            // One parser for all runs: it remembers the last second reported, so a restart
            // within a second cannot report that second twice.
            var parser = new NvidiaSmiCsvParser(_options.NodeId, _options.SamplingInterval / 2);
            var fruitlessRuns = 0;
            while (true)
            {
                var yielded = await RunSamplingAsync(parser, readings, cancellationToken);
                fruitlessRuns = yielded ? 0 : fruitlessRuns + 1;
                var delay = RestartDelayAfter(fruitlessRuns);
                _logger.LogWarning("nvidia-smi stopped; restarting it in {Delay}", delay);
                await Task.Delay(delay, _timeProvider, cancellationToken);
            }
        }
        finally
        {
            await stopRefreshing.CancelAsync();
            await refreshing;
        }
    }

    private TimeSpan RestartDelayAfter(int fruitlessRuns) =>
        TimeSpan.FromTicks(Math.Min(
            _options.MaxRestartDelay.Ticks,
            _options.RestartDelay.Ticks * (1L << Math.Min(fruitlessRuns, 16))));

    /// <summary>Runs nvidia-smi until it exits; true if it yielded at least one reading.</summary>
    private async Task<bool> RunSamplingAsync(NvidiaSmiCsvParser parser, ChannelWriter<NodeReading> readings, CancellationToken cancellationToken)
    {
        var arguments = SamplingArguments(_options.SamplingInterval);
        using var process = TryStart(arguments);
        if (process is null)
        {
            return false;
        }
        _logger.LogInformation("Sampling GPUs with {Path} {Arguments}", _options.Path, string.Join(' ', arguments));

        try
        {
            var yielded = false;
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                var readAt = _timeProvider.GetUtcNow();
                try
                {
                    yielded |= Publish(parser.Read(line, readAt), readings);
                }
                catch (FormatException exception)
                {
                    _logger.LogWarning(exception, "Skipped a line of nvidia-smi output");
                }
            }
            // The last round has no successor to end it.
            yielded |= Publish(parser.Flush(), readings);
            await process.WaitForExitAsync(cancellationToken);
            _logger.LogWarning("nvidia-smi exited with code {ExitCode}", process.ExitCode);
            return yielded;
        }
        finally
        {
            ToolCommand.KillIfRunning(process);
        }
    }

    private bool Publish(NodeReading? reading, ChannelWriter<NodeReading> readings) =>
        reading is not null && readings.TryWrite(reading with { Gpus = _migListing.Split(reading.Gpus) });

    private async Task RefreshMigListingAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.MigRefreshInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                _migListing = await ListMigSlicesAsync(cancellationToken) ?? _migListing;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The MIG slices now, or null (logged) if nvidia-smi could not say.</summary>
    private async Task<MigListing?> ListMigSlicesAsync(CancellationToken cancellationToken)
    {
        // A hung nvidia-smi (a wedged driver does that) must not hold the refreshes up forever;
        // a listing slower than the refresh interval is no use anyway.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.MigRefreshInterval);
        try
        {
            return MigListingParser.Parse(await ToolCommand.RunAsync(_options.Path, ["-L"], timeout.Token));
        }
        catch (ToolFailedException exception) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(exception, "nvidia-smi -L failed; keeping the MIG slices known before");
            return null;
        }
        catch (FormatException exception)
        {
            _logger.LogWarning(exception, "Could not read nvidia-smi -L; keeping the MIG slices known before");
            return null;
        }
    }

    private Process? TryStart(IReadOnlyList<string> arguments)
    {
        try
        {
            return Process.Start(ToolCommand.StartInfo(_options.Path, arguments));
        }
        catch (Win32Exception exception)
        {
            _logger.LogError(exception, "Could not start {Path}", _options.Path);
            return null;
        }
    }
}
