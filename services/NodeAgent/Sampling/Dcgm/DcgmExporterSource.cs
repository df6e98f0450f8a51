using NodeAgent.Sampling.Polling;

namespace NodeAgent.Sampling.Dcgm;

/// <summary>
/// NVIDIA GPUs and MIG instances through dcgm-exporter's Prometheus endpoint, asked now and then
/// and reported once a second (<see cref="PerSecondReadings"/>): each second a GPU is present in the
/// latest answer it is billed, with the readings as the exporter last collected them.
/// </summary>
public sealed class DcgmExporterSource : PolledGpuSource, IDisposable
{
    private readonly DcgmExporterOptions _options;
    // Its own client: the endpoint is on this node and the only one asked.
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public DcgmExporterSource(DcgmExporterOptions options, TimeProvider clock, ILogger<DcgmExporterSource> logger)
        : base(options.NodeId, options.Polling, clock, logger)
    {
        ArgumentNullException.ThrowIfNull(options.Url);
        _options = options;
    }

    protected override async Task<IReadOnlyList<GpuReading>> AskAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(_options.Url, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = DcgmExporterMetrics.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        // Without a model a GPU cannot be priced; reporting it under a stand-in name would bill it at
        // a price nobody set. The exporter names it on every line unless run without modelName.
        foreach (var id in answer.WithoutModel)
            Logger.LogError("dcgm-exporter names no model (modelName label) for {Gpu}; it is not reported", id);
        return answer.Gpus;
    }

    public void Dispose() => _http.Dispose();
}
