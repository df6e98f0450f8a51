using System.Diagnostics.Metrics;

namespace Invoicing;

public sealed class InvoicingMetrics
{
    public const string MeterName = "Invoicing";

    private readonly Counter<long> _usageWithoutAccount;
    private readonly Counter<long> _finalized;
    private readonly Counter<long> _held;

    public InvoicingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _usageWithoutAccount = meter.CreateCounter<long>("invoicing.usage.without_account", "{gpu-second}",
            "GPU-seconds of the usage ledger held by tenants that have no billing account: real usage nobody is billed for yet.");
        _finalized = meter.CreateCounter<long>("invoicing.invoices.finalized", "{invoice}", "Invoices finalized.");
        _held = meter.CreateCounter<long>("invoicing.invoices.held", "{invoice}",
            "Invoices held because the usage ledger, rating and the draft disagreed.");
    }

    public void UsageWithoutAccount(string tenantId, long gpuSeconds) =>
        _usageWithoutAccount.Add(gpuSeconds, new KeyValuePair<string, object?>("tenant", tenantId));

    public void Finalized() => _finalized.Add(1);

    public void Held() => _held.Add(1);
}
