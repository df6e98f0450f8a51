namespace Metering.Benchmarks;

/// <param name="Requests">Timed requests per report, each alternated with a floor read, after the checked first answer.</param>
public sealed record FleetReportsResult(
    long LedgerGpuSeconds, int NodeHours, TimeSpan SeedTime, long TableBytes, int Requests, IReadOnlyList<FleetQueryTiming> Timings, IReadOnlyList<ProcessMemory> Memory)
{
    /// <summary>The issue's targets: each report's p99 within 1.5 × its floor's, and 30 days by node under a second.</summary>
    public const double RatioTarget = 1.5;
    public const double ByNodeTargetMs = 1_000;

    public IEnumerable<string> Describe()
    {
        yield return $"== Fleet reports (the real Fleet service, Release: {FleetMonth.Nodes * Fleet.GpusPerNode:N0} GPUs, {FleetMonth.Tenants} tenants, "
            + $"{FleetMonth.Suppliers.Length} suppliers, {FleetMonth.From:yyyy-MM-dd} to {FleetMonth.To:yyyy-MM-dd} UTC) ==";
        yield return $"  {NodeHours:N0} node-hours, {LedgerGpuSeconds:N0} GPU-seconds, written by the fleet's own code in {SeedTime.TotalSeconds:F0} s; "
            + $"schema fleet {TableBytes / 1024d / 1024:N0} MiB; every report's first answer matched the month's figures exactly";
        yield return $"  {Requests} requests per report after the checked one, each followed by its floor (the SQL of the rows it reads, through Npgsql); ms:";
        yield return $"  {"report",-28} {"groups",6} {"p50",8} {"p99",8} {"max",8} {"floor p50",10} {"floor p99",10} {"floor rows",10} {"floor MiB",9} {"÷ floor",8}";
        foreach (var t in Timings)
            yield return $"  {t.Query.Name,-28} {t.Groups,6} {t.ApiPercentile(50),8:F0} {t.ApiPercentile(99),8:F0} {t.ApiPercentile(100),8:F0} "
                + $"{t.FloorPercentile(50),10:F0} {t.FloorPercentile(99),10:F0} {t.FloorRows,10:N0} {t.FloorBytes / 1024d / 1024,9:F1} {t.Ratio,8:F2}";
        foreach (var t in Timings)
            yield return $"target {t.Query.Name} p99 ≤ {RatioTarget} × floor: {t.ApiPercentile(99):F0} ms ÷ {t.FloorPercentile(99):F0} ms = {t.Ratio:F2} {(t.Ratio <= RatioTarget ? "met" : "not met")}";
        foreach (var t in Timings.Where(t => t.Query.By is ["node"] && !t.Query.Path.Contains("top")))
            yield return $"target {t.Query.Name} (30 days) p99 under 1 s: {t.ApiPercentile(99):F0} ms {(t.ApiPercentile(99) < ByNodeTargetMs ? "met" : "not met")}";
    }
}
