using System.Diagnostics.Metrics;
using Metering.Ledger;

namespace Metering.Ingestion;

/// <summary>
/// The pipeline's figures for operators (the pipeline and fleet dashboards). Labels are states,
/// never nodes, GPUs or tenants: a fleet of 10,000 nodes makes the same few series as one of three.
/// </summary>
public sealed class IngestionMetrics
{
    public const string MeterName = "Metering.Ingestion";

    /// <summary>From a second to an hour in steps an operator tells apart: real time, a short outage, a spool replayed after a long one.</summary>
    private static readonly IReadOnlyList<double> LagBuckets = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600];

    private readonly Counter<long> _received;
    private readonly Counter<long> _gpuSeconds;
    private readonly Counter<double> _busyGpuSeconds;
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _unreadable;

    public IngestionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _received = meter.CreateCounter<long>("metering.reports.received", "{report}",
            "Reports read by the intake, valid or not (a report carries one node's seconds, one or a window of them).");
        _gpuSeconds = meter.CreateCounter<long>("metering.gpu_seconds.recorded", "{gpu-second}",
            "GPU-seconds that entered the ledger for the first time, by whether a tenant held them (allocation: allocated, unallocated).");
        _busyGpuSeconds = meter.CreateCounter<double>("metering.gpu_seconds.busy", "{gpu-second}",
            "Allocated GPU-seconds weighted by utilization (a second at 40 % is 0.4): allocated minus busy is held but idle.");
        _lag = meter.CreateHistogram("metering.ledger.lag", "s",
            "From the end of a node-second to its entering the ledger, per node-second recorded.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        _rejected = meter.CreateCounter<long>("metering.reports.rejected", "{report}",
            "Reports sent to the rejected queue.");
        _unreadable = meter.CreateCounter<long>("metering.reports.unreadable", "{message}",
            "Messages that could not be read as a report (moved to the error queue).");
    }

    public void Received(int reports) => _received.Add(reports);

    public void Recorded(IEnumerable<NodeUsageRecorded> recorded)
    {
        long allocated = 0, unallocated = 0;
        var busy = 0m;
        foreach (var e in recorded)
        {
            foreach (var gpu in e.Gpus)
            {
                if (gpu.TenantId is null)
                {
                    unallocated += gpu.GpuSeconds;
                    continue;
                }
                allocated += gpu.GpuSeconds;
                busy += gpu.Sums.UtilizationPercentSeconds / 100m;
            }
            // The second [t, t+1) can enter the ledger from t+1 on; a clock a little behind the agent's reads as no lag.
            foreach (var second in e.Seconds.Seconds())
                _lag.Record(Math.Max(0, (e.RecordedAt - e.Hour.AddSeconds(second + 1)).TotalSeconds));
        }
        if (allocated > 0) _gpuSeconds.Add(allocated, new KeyValuePair<string, object?>("allocation", "allocated"));
        if (unallocated > 0) _gpuSeconds.Add(unallocated, new KeyValuePair<string, object?>("allocation", "unallocated"));
        if (allocated > 0) _busyGpuSeconds.Add((double)busy);
    }

    public void Rejected(int count) => _rejected.Add(count);

    public void Unreadable() => _unreadable.Add(1);
}
