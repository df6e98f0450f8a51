using NodeAgent.Sampling.Polling;

namespace NodeAgent.Sampling.Amd;

/// <summary>
/// AMD Instinct GPUs through amd-smi: <c>amd-smi metric -u -p -m --json</c> once per poll for the
/// readings, <c>amd-smi static --json</c> now and then for each GPU's model and serial, which is
/// what it is billed under (<see cref="AmdGpuStatic.IdentityOn"/>).
/// </summary>
public sealed class AmdSmiSource : PolledGpuSource
{
    private readonly AmdSmiOptions _options;
    private IReadOnlyDictionary<int, AmdGpuStatic> _static = new Dictionary<int, AmdGpuStatic>();
    private DateTimeOffset? _staticAt;

    public AmdSmiSource(AmdSmiOptions options, TimeProvider clock, ILogger<AmdSmiSource> logger)
        : base(options.NodeId, options.Polling, clock, logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        _options = options;
    }

    protected override async Task<IReadOnlyList<GpuReading>> AskAsync(CancellationToken cancellationToken)
    {
        var metrics = AmdGpuMetrics.Parse(await ToolCommand.RunAsync(_options.Path, ["metric", "-u", "-p", "-m", "--json"], cancellationToken));
        var known = await StaticAsync(cancellationToken);
        var readings = new List<GpuReading>(metrics.Count);
        foreach (var gpu in metrics.Values.OrderBy(m => m.Index))
        {
            // Without its static data a GPU has no model to price and no id to bill; it is left
            // out (and logged) rather than reported under a stand-in that would later change.
            if (!known.TryGetValue(gpu.Index, out var staticData))
            {
                Logger.LogError("amd-smi static knows no GPU {Index}; it is not reported", gpu.Index);
                continue;
            }
            readings.Add(new GpuReading(
                staticData.IdentityOn(_options.NodeId), staticData.Model, MigProfile: null,
                gpu.UtilizationPercent, gpu.MemoryUsedMiB, gpu.PowerWatts, EnergyMillijoules: null));
        }
        return readings;
    }

    /// <summary>The static data, asked for again once it is <see cref="AmdSmiOptions.StaticRefreshInterval"/> old.</summary>
    private async Task<IReadOnlyDictionary<int, AmdGpuStatic>> StaticAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        if (_staticAt is { } at && now - at < _options.StaticRefreshInterval) return _static;
        _static = AmdGpuStatic.Parse(await ToolCommand.RunAsync(_options.Path, ["static", "--json"], cancellationToken));
        _staticAt = now;
        return _static;
    }
}
