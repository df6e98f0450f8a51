using Metering.Contracts;

namespace Metering.Benchmarks;

/// <summary>
/// The fleet the `fleet` phase reports on, as plain rules the phase both writes from and computes the
/// expected figures from: 125 nodes × 8 GPUs over the 30 days of April 2026 (UTC), 3 suppliers, 5
/// sites, H100 and A100 on alternate nodes, 50 tenants, one ledger event per node-hour. Per GPU and
/// hour: 1 in 10 unallocated, 1 in 20 changing hands at the half hour, 1 in 50 held with no
/// utilization reading (unknown); utilization from 0.25 % to 99.25 %, so about 1 in 20 held hours
/// is idle at the fleet's default 5 %. Prices are whole multiples of 0.36 per GPU-hour (exact per
/// second), so every figure of every grouping is an exact decimal whatever order it is summed in.
/// </summary>
public static class FleetMonth
{
    public const int Nodes = 125;
    public const int Tenants = 50;
    public const decimal IdleBelowPercent = 5m;
    public const decimal Watts = 300m;
    public const decimal EnergyPricePerKWh = 0.18m;
    public const decimal FixedChargePerMonth = 5_000m;
    public const string Currency = "USD";

    public static readonly DateTimeOffset From = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset To = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
    public static int Hours => (int)(To - From).TotalHours;

    public static readonly string[] Models = ["NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB"];
    public static readonly string[] Suppliers = ["supplier-a", "supplier-b", "supplier-c"];

    /// <summary>Per supplier, per model (as <see cref="Models"/>), per GPU-hour.</summary>
    public static readonly decimal[][] PricesPerGpuHour = [[2.16m, 1.08m], [2.52m, 1.44m], [2.88m, 1.80m]];

    /// <summary>What tenants are charged per GPU-second by model: the ratings the margin spreads.</summary>
    public static readonly decimal[] RatePerGpuSecond = [0.0009m, 0.0005m];

    public static string NodeId(int node) => $"fleet-node-{node:D3}";
    public static string GpuUuid(int node, int gpu) => $"GPU-{NodeId(node)}-{gpu}";
    public static string TenantId(int tenant) => $"tenant-{tenant:D2}";
    public static int ModelOf(int node) => node % 2;
    public static int SupplierOf(int node) => node % 3;
    public static string SiteOf(int node) => $"site-{node % 5}";

    /// <summary>Only the first supplier charges energy, and only the second a fixed monthly charge.</summary>
    public static decimal? EnergyPriceOf(int supplier) => supplier == 0 ? EnergyPricePerKWh : null;
    public static bool ChargesFixed(int supplier) => supplier == 1;

    public static decimal PricePerGpuSecond(int node) => PricesPerGpuHour[SupplierOf(node)][ModelOf(node)] / 3600m;

    /// <summary>One GPU under one tenant (or none) for a run of seconds of one node-hour.</summary>
    public sealed record Entry(int Node, int Gpu, int Hour, int? Tenant, long FirstSecond, long LastSecond, decimal UtilizationSum, int Samples)
    {
        public long Seconds => LastSecond - FirstSecond + 1;
        public decimal Joules => Watts * Seconds;
        public bool Allocated => Tenant is not null;
        public bool Unknown => Allocated && Samples == 0;
        public bool Idle => Allocated && Samples > 0 && UtilizationSum < IdleBelowPercent * Samples;
        public long Wasted => Idle || !Allocated ? Seconds : 0;
    }

    /// <summary>The entries of one node-hour, GPU by GPU.</summary>
    public static IEnumerable<Entry> EntriesOf(int node, int hour)
    {
        for (var gpu = 0; gpu < Fleet.GpusPerNode; gpu++)
        {
            var i = node * Fleet.GpusPerNode + gpu;
            var tenant = (i * 7 + hour / 24) % Tenants;
            var percent = (i * 13 + hour * 7) % 100 + 0.25m;
            Entry Held(int? holder, long first, long last, bool measured) =>
                new(node, gpu, hour, holder, first, last, measured ? percent * (last - first + 1) : 0m, measured ? (int)(last - first + 1) : 0);
            switch ((i + hour) % 20)
            {
                case 0 or 1:
                    yield return Held(null, 0, 3599, measured: true);
                    break;
                case 2:
                    yield return Held(tenant, 0, 1799, measured: true);
                    yield return Held((tenant + 1) % Tenants, 1800, 3599, measured: true);
                    break;
                default:
                    yield return Held(tenant, 0, 3599, measured: (i + hour) % 50 != 3);
                    break;
            }
        }
    }

    public static IEnumerable<Entry> AllEntries() =>
        Enumerable.Range(0, Nodes).SelectMany(node => Enumerable.Range(0, Hours).SelectMany(hour => EntriesOf(node, hour)));

    /// <summary>The sealed ledger event of a node-hour, as metering publishes it.</summary>
    public static NodeUsageSealed SealedOf(int node, int hour)
    {
        var start = From.AddHours(hour);
        var stream = $"{NodeId(node)}@{start.UtcDateTime:yyyy-MM-ddTHH}Z";
        return new NodeUsageSealed
        {
            LedgerEventId = LedgerEventId(node, hour),
            LedgerStream = stream,
            NodeId = NodeId(node),
            Hour = start,
            Seconds = WholeHour,
            Gpus =
            [
                .. EntriesOf(node, hour).Select(e => new SealedGpuUsage
                {
                    GpuUuid = GpuUuid(e.Node, e.Gpu),
                    Model = Models[ModelOf(node)],
                    TenantId = e.Tenant is { } t ? TenantId(t) : null,
                    WorkloadId = e.Tenant is { } w ? $"job-{w}" : null,
                    AllocationClass = e.Allocated ? AllocationClasses.OnDemand : null,
                    Seconds = e.FirstSecond == 0 && e.LastSecond == 3599 ? WholeHour : e.FirstSecond == 0 ? FirstHalf : SecondHalf,
                    GpuSeconds = (int)e.Seconds,
                    UtilizationPercentSeconds = e.UtilizationSum,
                    UtilizationSamples = e.Samples,
                    MemoryMiBSeconds = 40_000L * e.Seconds,
                    MemorySamples = (int)e.Seconds,
                    EnergyJoules = e.Joules,
                    PowerSamples = (int)e.Seconds,
                }),
            ],
        };
    }

    private static readonly string WholeHour = Runs.Format(Enumerable.Range(0, 3600).Select(s => (long)s));
    private static readonly string FirstHalf = Runs.Format(Enumerable.Range(0, 1800).Select(s => (long)s));
    private static readonly string SecondHalf = Runs.Format(Enumerable.Range(1800, 1800).Select(s => (long)s));

    private static Guid LedgerEventId(int node, int hour)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, node);
        BitConverter.TryWriteBytes(bytes[4..], hour);
        bytes[15] = 0xfb;
        return new Guid(bytes);
    }
}
