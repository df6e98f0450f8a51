using GpuBilling.Periods;
using Metering.Contracts;

namespace Invoicing.Tests.Service;

/// <summary>What metering and pricing publish, built the way they build it.</summary>
public static class Messages
{
    /// <summary>One ledger event: each entry is a tenant holding a GPU during run-length seconds of the hour.</summary>
    public static UsageRecorded Usage(Guid ledgerEventId, DateTimeOffset hour, params (string Tenant, string Gpu, string Seconds)[] usage) => new()
    {
        LedgerEventId = ledgerEventId,
        LedgerStream = $"node-1@{hour.UtcDateTime:yyyy-MM-ddTHH}Z",
        NodeId = "node-1",
        Hour = hour,
        Usage =
        [
            .. usage.Select(u => new AllocatedUsage
            {
                TenantId = u.Tenant,
                WorkloadId = "job-1",
                GpuUuid = u.Gpu,
                Model = "NVIDIA H100 80GB HBM3",
                Seconds = u.Seconds,
                GpuSeconds = Runs.Parse(u.Seconds).Count(),
                EnergyJoules = 0m,
            }),
        ],
    };

    public static PeriodRated Rated(string tenant, BillingPeriod period, long totalsVersion, long meteredGpuSeconds, params RatedCharge[] charges) => new()
    {
        TenantId = tenant,
        PeriodStart = period.Start,
        PeriodEnd = period.End,
        AccrualStream = $"{tenant}@{period.Start.UtcDateTime:yyyy-MM-ddTHH:mm}Z",
        TotalsVersion = totalsVersion,
        RateCardId = "rc-standard",
        CurrencyCode = "USD",
        MeteredGpuSeconds = meteredGpuSeconds,
        BillableGpuSeconds = charges.Where(c => c.Meter == "gpu-time").Sum(c => c.MeterQuantity ?? 0),
        LedgerEvents = 1,
        FirstSecond = period.Start.AddDays(9),
        LastSecond = period.Start.AddDays(9).AddHours(1),
        Charges = charges,
        RatedAt = period.Start.AddDays(10),
    };

    public static RatedCharge H100(decimal hours) =>
        new("H100 on-demand GPU time", "gpu-time", "H100/on-demand", "H100", "usage", null, "rc-standard", 3,
            hours, "GPU-hour", 2.49m, hours * 2.49m, hours * 3600m);

    public static RatedCharge Energy(decimal kilowattHours) =>
        new("Energy", "energy", "energy", null, "usage", null, "rc-standard", 3,
            kilowattHours, "kWh", 0.125m, kilowattHours * 0.125m, kilowattHours * 3_600_000m);

    /// <summary>A charge no meter measures: no meter, no price key, no GPU model.</summary>
    public static RatedCharge Shortfall(decimal amount) =>
        new("Commitment shortfall", null, null, null, "commitment-shortfall", null, "rc-standard", 3,
            1m, "each", amount, amount, null);
}
