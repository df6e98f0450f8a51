using GpuBilling.Testing;
using static GpuBilling.Testing.SimulatedFleet;

namespace EndToEnd.Tests;

/// <summary>Where simulated node <see cref="Index"/> stands in the fleet's inventory for the whole run, and whether an agent reports it.</summary>
public sealed record Placement(int Index, string Model, string Site, string SupplierId, bool Reports)
{
    public string NodeId => SimulatedFleet.NodeId(Index);
}

/// <summary>A supplier's price of one GPU model per GPU-hour, from a second of the run on.</summary>
public sealed record SupplierPrice(string SupplierId, string Model, int FromSecond, decimal PerGpuHour);

/// <summary>A band of a graduated rate: GPU-hours in the billing period up to <see cref="UpToGpuHours"/> (null: the rest).</summary>
public sealed record Band(decimal? UpToGpuHours, decimal PerGpuHour);

/// <summary>
/// What the fleet's reports must show, computed from the scenario's parameters alone: the
/// simulator's utilization formula, the allocations, the inventory, the suppliers' cost cards and
/// the tenants' graduated rate card. Nothing here reads the system.
/// </summary>
/// <remarks>
/// The test seals the whole run at once, so each GPU's ledger entry is the run's seconds within one
/// UTC hour: whether a held GPU was idle there follows from the formula's sum over those seconds.
/// </remarks>
public sealed class FleetScenario(DateTimeOffset startAt)
{
    public const int SimulatedNodes = 4;
    public const int Seconds = 90;
    public const string RateCard = "gpu-tiered";
    public const string RateCurrency = "USD";

    /// <summary>Fleet default: a held GPU averaging under 5 % is idle.</summary>
    public const decimal IdleBelowPercent = 5m;

    public static readonly IReadOnlyDictionary<string, string> SupplierCurrencies = new Dictionary<string, string>
    {
        ["acme-dc"] = "USD",
        ["euro-dc"] = "EUR",
    };

    /// <summary>Node 4 is registered and paid for but never reports: all of its cost is idle capacity.</summary>
    public static readonly IReadOnlyList<Placement> Inventory =
    [
        new(0, H100, "iad-1", "acme-dc", Reports: true),
        new(1, A100, "iad-1", "acme-dc", Reports: true),
        new(2, H100, "fra-1", "euro-dc", Reports: true),
        new(3, A100, "fra-1", "euro-dc", Reports: true),
        new(4, H100, "fra-1", "euro-dc", Reports: false),
    ];

    /// <summary>Acme raises its H100 price a minute into the run: cost changes price there, by the second.</summary>
    public static readonly IReadOnlyList<SupplierPrice> CostPrices =
    [
        new("acme-dc", H100, 0, 7.20m),
        new("acme-dc", A100, 0, 3.60m),
        new("acme-dc", H100, 60, 10.80m),
        new("acme-dc", A100, 60, 3.60m),
        new("euro-dc", H100, 0, 9.00m),
        new("euro-dc", A100, 0, 5.40m),
    ];

    /// <summary>Bands low enough that tenant-b's H100 time and tenant-a's A100 time reach the second band within the run.</summary>
    public static readonly IReadOnlyDictionary<string, Band[]> RateBands = new Dictionary<string, Band[]>
    {
        [H100] = [new(0.15m, 72.00m), new(null, 36.00m)],
        [A100] = [new(0.1m, 36.00m), new(null, 18.00m)],
    };

    /// <summary>
    /// tenant-a only on Acme's nodes (its margin is in one currency); tenant-b on both suppliers, its
    /// H100 time split a quarter and three quarters between them. The rest of the GPUs nobody holds.
    /// </summary>
    public static readonly Allocation[] Allocations =
    [
        new("tenant-a", 0, [0, 1, 2, 3]),
        new("tenant-a", 1, [0, 1, 2, 3, 4, 5]),
        new("tenant-b", 0, [4, 5]),
        new("tenant-b", 2, [0, 1, 2, 3, 4, 5]),
        new("tenant-b", 3, [0, 1]),
    ];

    /// <summary>GPUs that read 0 % (the simulator's `IdleGpus`): two held by tenant-b, one by tenant-a, one by nobody.</summary>
    public static readonly string[] IdleGpus = [GpuUuid(1, 5), GpuUuid(2, 4), GpuUuid(2, 5), GpuUuid(3, 7)];

    public static readonly string[] Tenants = ["tenant-a", "tenant-b"];

    public DateTimeOffset StartAt { get; } = startAt;

    public DateTimeOffset End => StartAt.AddSeconds(Seconds);

    /// <summary>One GPU's ledger entry: its seconds of the run within one UTC hour, under one holder.</summary>
    public sealed record Entry(Placement Node, int Gpu, string? TenantId, IReadOnlyList<DateTimeOffset> Seconds);

    /// <summary>The simulator's reading: node n's GPU g at second t reads (7n + 13g + t) mod 101 %, or 0 if named idle.</summary>
    public static decimal UtilizationOf(Placement node, int gpu, DateTimeOffset second) =>
        IdleGpus.Contains(GpuUuid(node.Index, gpu)) ? 0m : (node.Index * 7 + gpu * 13 + second.ToUnixTimeSeconds()) % 101;

    public IEnumerable<DateTimeOffset> RunSeconds => Enumerable.Range(0, Seconds).Select(s => StartAt.AddSeconds(s));

    public static string? HolderOf(Placement node, int gpu) =>
        Allocations.FirstOrDefault(a => a.Node == node.Index && a.Gpus.Contains(gpu))?.Tenant;

    public IEnumerable<Entry> Entries() =>
        from node in Inventory.Where(n => n.Reports)
        from gpu in Enumerable.Range(0, 8)
        from hour in RunSeconds.GroupBy(s => s.ToUnixTimeSeconds() / 3600)
        select new Entry(node, gpu, HolderOf(node, gpu), hour.ToList());

    /// <summary>The supplier's price per GPU-hour of a node's GPU at a second, and its currency.</summary>
    public (string Currency, decimal PerGpuHour) PriceAt(Placement node, DateTimeOffset second) =>
        (SupplierCurrencies[node.SupplierId], CostPrices
            .Where(p => p.SupplierId == node.SupplierId && p.Model == node.Model && StartAt.AddSeconds(p.FromSecond) <= second)
            .MaxBy(p => p.FromSecond)!.PerGpuHour);

    /// <summary>Graduated: each GPU-second at the price of the band it falls in, counted over the tenant's period.</summary>
    public static decimal ChargeOf(string model, long seconds)
    {
        var charge = 0m;
        var lower = 0m;
        foreach (var band in RateBands[model])
        {
            var upper = band.UpToGpuHours * 3600m ?? decimal.MaxValue;
            var inBand = Math.Max(0m, Math.Min(seconds, upper) - lower);
            charge += inBand * band.PerGpuHour / 3600m;
            lower = upper;
        }
        return charge;
    }

    /// <summary>
    /// Each tenant's charge per model spread over the nodes that earned it, pro rata by seconds. The
    /// weights are quarters, so every share is exact and the remainder rule moves nothing.
    /// </summary>
    public IEnumerable<(string TenantId, Placement Node, decimal Amount)> Revenue() =>
        from tenant in Tenants
        from model in RateBands.Keys
        let seconds = Entries().Where(e => e.TenantId == tenant && e.Node.Model == model)
            .GroupBy(e => e.Node).Select(g => (Node: g.Key, Seconds: (long)g.Sum(e => e.Seconds.Count))).ToList()
        let total = seconds.Sum(s => s.Seconds)
        where total > 0
        let charge = ChargeOf(model, total)
        from s in seconds
        select (tenant, s.Node, charge * s.Seconds / total);

    /// <summary>Every held second of every registered GPU at its price then, to whoever the ledger says held it (null: idle capacity).</summary>
    public IEnumerable<(string? TenantId, Placement Node, string Currency, decimal Amount)> Cost() =>
        from node in Inventory
        from gpu in Enumerable.Range(0, 8)
        let holder = node.Reports ? HolderOf(node, gpu) : null
        from second in RunSeconds
        let price = PriceAt(node, second)
        group price.PerGpuHour by (holder, node, price.Currency) into held
        select (held.Key.holder, held.Key.node, held.Key.Currency, held.Sum() / 3600m);
}
