using System.Diagnostics.Metrics;

namespace Pricing.Accrual;

public sealed class AccrualMetrics
{
    public const string MeterName = "Pricing.Accrual";

    private readonly Counter<long> _gpuSeconds;
    private readonly Counter<long> _unbilled;

    public AccrualMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _gpuSeconds = meter.CreateCounter<long>("pricing.gpu_seconds.accrued", "{gpu-second}",
            "Metered GPU-seconds accrued into billing periods for the first time.");
        _unbilled = meter.CreateCounter<long>("pricing.usage.unbilled", "{usage}",
            "Times a tenant's part of a ledger event was parked unbilled, by reason; the parked usage waits for an operator or the tenant's terms.");
    }

    public void Accrued(long gpuSeconds) => _gpuSeconds.Add(gpuSeconds);

    public void Unbilled(string reason) => _unbilled.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
