using NodeAgent.Sampling.Polling;

namespace NodeAgent.Sampling.Dcgm;

/// <summary>How the agent reads dcgm-exporter (`DcgmExporter` in configuration).</summary>
public sealed record DcgmExporterOptions
{
    /// <summary>The exporter's metrics endpoint on this node.</summary>
    public Uri Url { get; init; } = new("http://localhost:9400/metrics");

    public required string NodeId { get; init; }

    /// <summary>
    /// dcgm-exporter collects every 30 s by default (<c>-c</c>, <c>DCGM_EXPORTER_INTERVAL</c>), so
    /// asking it every second would only fetch the same figures again. Asked every 5 s, a GPU that
    /// appears or goes (a MIG repartition) shows within 5 s of the exporter's own collection. An
    /// answer stands for 35 s, one exporter interval and a poll: a missed ask or two open no gap, and
    /// no GPU is billed on an answer older than the exporter's own cycle would allow.
    /// </summary>
    public PollingOptions Polling { get; init; } = new()
    {
        PollInterval = TimeSpan.FromSeconds(5),
        MaxAge = TimeSpan.FromSeconds(35),
        Timeout = TimeSpan.FromSeconds(5),
    };
}
