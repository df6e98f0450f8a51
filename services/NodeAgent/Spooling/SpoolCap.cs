using System.Diagnostics.Metrics;

namespace NodeAgent.Spooling;

/// <summary>
/// What the cap costs, told loudly: an error when an episode starts (the first segment dropped
/// since the broker last confirmed anything), a warning with the episode's totals when the broker
/// confirms again, counters of what was dropped and gauges of the spool's size for alerts. The
/// dropped seconds' sequence numbers are never sent, so metering counts them as gaps of each node.
/// </summary>
internal sealed class SpoolCap
{
    private readonly ILogger _logger;
    private readonly Counter<long> _droppedSeconds;
    private readonly Counter<long> _droppedGpuSeconds;
    private bool _dropping;
    private long _episodeSeconds;
    private long _episodeGpuSeconds;

    public SpoolCap(Meter meter, ILogger logger, Func<long> pending, Func<long> bytes)
    {
        _logger = logger;
        _droppedSeconds = meter.CreateCounter<long>("node_agent.spool.dropped_seconds", unit: "{node-second}",
            description: "Node-seconds the spool dropped at its cap, never sent: gaps in metering.");
        _droppedGpuSeconds = meter.CreateCounter<long>("node_agent.spool.dropped_gpu_seconds", unit: "{GPU-second}",
            description: "GPU-seconds in the node-seconds the spool dropped at its cap.");
        meter.CreateObservableGauge("node_agent.spool.pending_seconds", pending, unit: "{node-second}",
            description: "Node-seconds in the spool not yet confirmed by the broker.");
        meter.CreateObservableGauge("node_agent.spool.bytes", bytes, unit: "By", description: "The spool's segments on disk.");
        meter.CreateObservableGauge("node_agent.spool.dropping", () => _dropping ? 1 : 0,
            description: "1 while the spool is at its cap and drops its oldest seconds, until the broker confirms again.");
    }

    public long DroppedSeconds { get; private set; }
    public long DroppedGpuSeconds { get; private set; }

    public void Dropped(long seconds, long gpuSeconds, DateTimeOffset oldest, DateTimeOffset newest, string cap)
    {
        DroppedSeconds += seconds;
        DroppedGpuSeconds += gpuSeconds;
        _droppedSeconds.Add(seconds);
        _droppedGpuSeconds.Add(gpuSeconds);
        _episodeSeconds += seconds;
        _episodeGpuSeconds += gpuSeconds;
        if (_dropping) return;
        _dropping = true;
        _logger.LogError(
            "The spool reached its cap ({Cap}) with the broker confirming nothing: dropping its oldest seconds, first {Seconds} node-seconds " +
            "({GpuSeconds} GPU-seconds) sampled from {Oldest:O} to {Newest:O}. They will never be billed; metering counts them as gaps",
            cap, seconds, gpuSeconds, oldest, newest);
    }

    public void Confirmed()
    {
        if (!_dropping) return;
        _dropping = false;
        _logger.LogWarning(
            "The broker confirms again; at its cap the spool dropped {Seconds} node-seconds ({GpuSeconds} GPU-seconds), counted in node_agent.spool.dropped_seconds",
            _episodeSeconds, _episodeGpuSeconds);
        _episodeSeconds = _episodeGpuSeconds = 0;
    }
}
