using Fleet.CostCards;
using Fleet.Inventory;
using Fleet.Usage;
using Metering.Contracts;

namespace Fleet.Tests;

/// <summary>Nodes, cost cards and sealed usage as the fleet receives them, shared by the decision tests.</summary>
internal static class Given
{
    public const string H100 = "NVIDIA H100 80GB HBM3";
    public const string A100 = "NVIDIA A100-SXM4-80GB";

    /// <summary>1 February 2026, 00:00 UTC: the hour most tests cost.</summary>
    public static readonly DateTimeOffset February = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset March = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static FleetNode Node(string nodeId, DateTimeOffset from, string supplier, params HeldGpus[] gpus) =>
        FleetNode.Evolve(null, Version(nodeId, 1, from, supplier, gpus));

    public static FleetNode WithVersion(this FleetNode node, DateTimeOffset from, string supplier, DateTimeOffset? until = null, params HeldGpus[] gpus) =>
        FleetNode.Evolve(node, Version(node.NodeId, node.Versions.Count + 1, from, supplier, gpus) with { Until = until });

    private static NodeVersionRegistered Version(string nodeId, int version, DateTimeOffset from, string supplier, HeldGpus[] gpus) =>
        new(nodeId, version, from, null, "fra-1", supplier, gpus, from, "ops@test");

    public static CostCard Card(string supplier, string currency, DateTimeOffset from, CostCardTerms terms) =>
        CostCard.Evolve(null, new CostCardVersionPublished(supplier, 1, currency, from, terms, from, "finance@test"));

    public static CostCard WithVersion(this CostCard card, DateTimeOffset from, CostCardTerms terms) =>
        CostCard.Evolve(card, new CostCardVersionPublished(card.SupplierId, card.Versions.Count + 1, card.Currency.Code, from, terms, from, "finance@test"));

    public static CostCardTerms Prices(params GpuPrice[] prices) => new() { Prices = prices };

    /// <summary>One ledger event of a node's hour, as metering publishes it.</summary>
    public static NodeUsageSealed Sealed(string nodeId, DateTimeOffset hour, params SealedGpuUsage[] gpus) => new()
    {
        LedgerEventId = Guid.NewGuid(),
        LedgerStream = $"{nodeId}@{hour.UtcDateTime:yyyy-MM-ddTHH}Z",
        NodeId = nodeId,
        Hour = hour,
        Seconds = Runs.Format(gpus.SelectMany(g => Runs.Parse(g.Seconds)).Distinct().Order()),
        Gpus = gpus,
    };

    public static SealedGpuUsage Gpu(string uuid, string? tenant, string seconds, string model = H100, string? migProfile = null, decimal joules = 0m) => new()
    {
        GpuUuid = uuid,
        Model = model,
        MigProfile = migProfile,
        TenantId = tenant,
        WorkloadId = tenant is null ? null : "job-1",
        AllocationClass = tenant is null ? null : AllocationClasses.OnDemand,
        Seconds = seconds,
        GpuSeconds = Runs.Parse(seconds).Count(),
        UtilizationPercentSeconds = 0m,
        UtilizationSamples = 0,
        MemoryMiBSeconds = 0,
        MemorySamples = 0,
        EnergyJoules = joules,
        PowerSamples = joules == 0m ? 0 : Runs.Parse(seconds).Count(),
    };

    public static NodeHourUsage NodeHour(params NodeUsageSealed[] events) => events.Aggregate((NodeHourUsage?)null, NodeHourUsage.Evolve)!;
}
