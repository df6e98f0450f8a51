using Metering.Contracts;

namespace Metering.Tests.Usage;

/// <summary>One allocated or unallocated GPU-second as a test sent it: what the expected figures are computed from.</summary>
public sealed record GpuSecond(string NodeId, DateTimeOffset Second, string Model, string? MigProfile, string? TenantId);

/// <summary>
/// A small fleet over a year: several models and MIG profiles, a GPU changing hands, one nobody holds,
/// random runs of seconds, the seconds on both sides of every window edge and DST change the tests
/// ask about, and buckets only partly filled.
/// </summary>
public static class UsageFleet
{
    public const string Tenant = "tenant-usage-tenant";
    public const string OtherTenant = "tenant-usage-other";
    public const string H100 = "NVIDIA H100 80GB HBM3";
    public const string A100 = "NVIDIA A100-SXM4-80GB";

    /// <summary>A year and a day, the longest window the API takes, in local dates.</summary>
    public static readonly DateOnly FirstDay = new(2025, 6, 1);
    public static readonly DateOnly EndDay = new(2026, 6, 2);

    public static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu"];

    /// <summary>Berlin's and New York's DST changes inside the window.</summary>
    private static readonly DateTimeOffset[] DstChanges =
    [
        new(2025, 10, 26, 1, 0, 0, TimeSpan.Zero), new(2026, 3, 29, 1, 0, 0, TimeSpan.Zero),
        new(2025, 11, 2, 6, 0, 0, TimeSpan.Zero), new(2026, 3, 8, 7, 0, 0, TimeSpan.Zero),
    ];

    private sealed record Gpu(string Uuid, string Model, string? MigProfile, Func<long, string?> HolderAt, string AllocationClass = AllocationClasses.OnDemand);

    private static readonly Dictionary<string, Gpu[]> Nodes = new()
    {
        ["tenant-usage-node-h100"] = [new("GPU-tu-h1", H100, null, _ => Tenant), new("GPU-tu-h2", H100, null, _ => Tenant, AllocationClasses.Spot)],
        ["tenant-usage-node-mixed"] = [new("GPU-tu-m1", H100, null, _ => Tenant), new("GPU-tu-m2", A100, null, _ => Tenant)],
        ["tenant-usage-node-mig"] =
        [
            new("MIG-tu-1", A100, "1g.10gb", _ => Tenant), new("MIG-tu-2", A100, "3g.40gb", _ => Tenant),
            new("MIG-tu-3", A100, "3g.40gb", _ => Tenant),
        ],
        ["tenant-usage-node-shared"] =
        [
            new("GPU-tu-s1", H100, null, second => second % 3 == 0 ? OtherTenant : Tenant), new("GPU-tu-s2", H100, null, _ => null),
        ],
    };

    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), zone), TimeSpan.Zero);

    /// <summary>Each node's seconds, as an agent would report them, and every GPU-second in them.</summary>
    public static (List<(string NodeId, NodeSecond Second)> Reported, List<GpuSecond> GpuSeconds) Generate(int seed)
    {
        var random = new Random(seed);
        var (windowStart, windowEnd) = (StartOf(FirstDay, TimeZoneInfo.Utc).AddDays(-1), StartOf(EndDay, TimeZoneInfo.Utc).AddDays(1));
        var edges = Zones
            .Select(TimeZoneInfo.FindSystemTimeZoneById)
            .SelectMany(zone => new[] { StartOf(FirstDay, zone), StartOf(EndDay, zone) })
            .Concat(DstChanges)
            .ToList();

        var reported = new List<(string, NodeSecond)>();
        var gpuSeconds = new List<GpuSecond>();
        foreach (var (nodeId, gpus) in Nodes)
        {
            var seconds = new SortedSet<long>();
            // Both sides of each edge, and the last and first second of its neighbouring buckets.
            foreach (var edge in edges)
            foreach (var offset in new[] { -901, -900, -2, -1, 0, 1, 899, 900 })
                seconds.Add(edge.ToUnixTimeSeconds() + offset);
            foreach (var change in DstChanges)
                AddRuns(seconds, random, change.AddHours(-3), change.AddHours(3), runs: 4, longest: 1_800);
            AddRuns(seconds, random, windowStart, windowEnd, runs: 25, longest: 900);

            var sequence = 0L;
            foreach (var unix in seconds)
            {
                var second = DateTimeOffset.FromUnixTimeSeconds(unix);
                var samples = gpus.Select(gpu => new GpuSample
                {
                    GpuUuid = gpu.Uuid,
                    Model = gpu.Model,
                    MigProfile = gpu.MigProfile,
                    Allocation = gpu.HolderAt(unix) is { } holder ? new GpuAllocation(holder, "job-1") { AllocationClass = gpu.AllocationClass } : null,
                    UtilizationPercent = 50m,
                    MemoryUsedMiB = 1_000,
                    PowerWatts = 200m,
                }).ToList();
                reported.Add((nodeId, new NodeSecond { Sequence = sequence++, Second = second, Gpus = samples }));
                gpuSeconds.AddRange(samples.Select(s => new GpuSecond(nodeId, second, s.Model, s.MigProfile, s.Allocation?.TenantId)));
            }
        }
        return (reported, gpuSeconds);
    }

    private static void AddRuns(SortedSet<long> seconds, Random random, DateTimeOffset from, DateTimeOffset to, int runs, int longest)
    {
        for (var run = 0; run < runs; run++)
        {
            var start = random.NextInt64(from.ToUnixTimeSeconds(), to.ToUnixTimeSeconds());
            var length = random.Next(1, longest + 1);
            for (var s = start; s < start + length; s++) seconds.Add(s);
        }
    }
}
