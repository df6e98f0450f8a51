using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GpuBilling.Testing;
using Metering.Usage;
using Npgsql;
using NpgsqlTypes;

namespace Metering.Benchmarks;

/// <summary>
/// The usage API's read path for a large tenant: `GET /v1/usage` over 30 days of a 1,000-GPU
/// fleet, through the gateway as tenants call it and at metering's own port, against its floor,
/// the endpoint's own SQL run through Npgsql from here with the same parameters (over the table the
/// endpoint reads: the tenant's buckets unless grouped by node). usage_buckets is seeded directly with
/// COPY after the real service created its schema, and the tenant's buckets are filled from it by the
/// service's own upgrade code: this phase measures reading usage, and 2.6 billion GPU-seconds through
/// the pipeline would take the machine hours.
/// </summary>
public static class ApiLatencyPhase
{
    private const string Name = "bench_api";
    private const string VirtualHost = "bench-api";

    public const int Nodes = 125;
    public const int Days = 30;
    public const int Gpus = Nodes * Fleet.GpusPerNode;

    /// <summary>The simulator's models, alternating by node as it assigns them.</summary>
    private static readonly string[] Models = ["NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB"];

    private static readonly TimeSpan Bucket = TimeSpan.FromMinutes(15);

    /// <summary>Untimed requests first, so neither side pays for connecting, JIT or cold buffers.</summary>
    public const int Warmup = 20;

    /// <summary>What a tenant's dashboard asks for over a month, with the periods each answer holds.</summary>
    public static readonly IReadOnlyList<(string Granularity, string? GroupBy, int Periods)> Queries =
    [
        ("day", "gpuModel", Days * Models.Length),
        ("hour", null, Days * 24),
        ("15m", null, Days * 96),
        ("day", "node", Days * Nodes),
    ];

    /// <summary>Issue 17's target 6: through the gateway, p99 within this many times the bare SQL's p99, every query.</summary>
    public const double GatewayToSqlTarget = 1.2;

    /// <summary>And under this many milliseconds at p99 for a query not grouped by node.</summary>
    public const double NotByNodeP99TargetMs = 20;

    public static async Task<ApiResult> RunAsync(BenchSettings settings)
    {
        var connectionString = await Database.CreateAsync(Name);
        await Broker.CreateVirtualHostAsync(VirtualHost);
        var directory = Directory.CreateDirectory(Path.Combine(settings.WorkDirectory, "api")).FullName;
        var metering = await Fleet.StartMeteringAsync(connectionString, VirtualHost, settings, Path.Combine(directory, "metering.log"));
        ServiceProcess? gatewayProcess = null;
        var memory = MemoryWatch.Start("metering", metering.Id);
        try
        {
            gatewayProcess = await StartGatewayAsync(connectionString, metering.Port, Path.Combine(directory, "gateway.log"));
            var to = DateTimeOffset.UtcNow.UtcDateTime.Date;
            var from = to.AddDays(-Days);
            var seeded = Stopwatch.StartNew();
            var rows = await SeedAsync(connectionString, from, to);
            var tenantRows = await FillTenantBucketsAsync(connectionString);
            // As autovacuum would leave them: statistics for the planner, a visibility map for index-only scans.
            await Database.ExecuteAsync(connectionString, $"vacuum analyze {MeteringStorage.Name}.{UsageBuckets.TableName}");
            await Database.ExecuteAsync(connectionString, $"vacuum analyze {MeteringStorage.Name}.{TenantUsageBuckets.TableName}");
            var seedTime = seeded.Elapsed;
            var tableBytes = await Database.ScalarAsync<long>(connectionString,
                $"select pg_total_relation_size('{MeteringStorage.Name}.{UsageBuckets.TableName}')");
            var tenantTableBytes = await Database.ScalarAsync<long>(connectionString,
                $"select pg_total_relation_size('{MeteringStorage.Name}.{TenantUsageBuckets.TableName}')");
            var expected = (long)Gpus * Days * 86_400;

            await using var floor = NpgsqlDataSource.Create(connectionString);
            using var api = TenantClient(metering.Address);
            using var gateway = TenantClient(gatewayProcess.Address);

            var latencies = new List<ApiLatency>();
            foreach (var (granularity, groupBy, periods) in Queries)
            {
                var parameters = $"granularity={granularity}" + (groupBy is null ? "" : $"&groupBy={groupBy}");
                var query = $"/v1/usage?from={Instant(from)}&to={Instant(to)}&{parameters}";
                var grouping = groupBy is null ? new HashSet<string>() : new HashSet<string> { groupBy };
                var responseBytes = await CheckApiAsync(api, query, expected, periods);
                await CheckApiAsync(gateway, query, expected, periods);
                await CheckFloorAsync(floor, from, to, grouping, expected);

                // Alternated, so all three see the same background load on a shared machine.
                var (gatewayTimes, apiTimes, floorTimes) = (new List<double>(), new List<double>(), new List<double>());
                for (var i = 0; i < Warmup + settings.ApiRequests; i++)
                {
                    var gatewayTime = await TimeAsync(async () => (await gateway.GetAsync(query)).EnsureSuccessStatusCode().Dispose());
                    var apiTime = await TimeAsync(async () => (await api.GetAsync(query)).EnsureSuccessStatusCode().Dispose());
                    var floorTime = await TimeAsync(() => UsageBucketReader.ReadAsync(floor, Fleet.Tenant, from, to, grouping, CancellationToken.None));
                    if (i < Warmup) continue;
                    gatewayTimes.Add(gatewayTime);
                    apiTimes.Add(apiTime);
                    floorTimes.Add(floorTime);
                }
                latencies.Add(new ApiLatency(parameters, periods, responseBytes, gatewayTimes, apiTimes, floorTimes));
            }
            return new ApiResult(rows, tableBytes, tenantRows, tenantTableBytes, seedTime, latencies, [await memory.StopAsync()]);
        }
        finally
        {
            if (gatewayProcess is not null) await gatewayProcess.DisposeAsync();
            await metering.DisposeAsync();
        }
    }

    private static HttpClient TenantClient(Uri address)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", Fleet.TenantKey);
        return client;
    }

    /// <summary>The gateway in front of metering, as `make up` runs it: it checks the tenant's key and forwards the call signed.</summary>
    private static Task<ServiceProcess> StartGatewayAsync(string connectionString, int meteringPort, string logFile)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Access:GatewaySigningKey"] = Fleet.GatewaySigningKey,
            ["Access:SeedKeys:0:Key"] = Fleet.TenantKey,
            ["Access:SeedKeys:0:PrincipalId"] = Fleet.Tenant,
            ["Access:SeedKeys:0:Role"] = "tenant",
            ["ReverseProxy:Clusters:metering:Destinations:local:Address"] = $"http://127.0.0.1:{meteringPort}",
        };
        Fleet.AskBackToBack(environment);
        return Fleet.StartServiceAsync("Gateway", environment, logFile, VirtualHost);
    }

    /// <summary>Every GPU of the fleet held by the tenant for every second: one row per node and 15-minute bucket.</summary>
    private static async Task<long> SeedAsync(string connectionString, DateTime from, DateTime to)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {MeteringStorage.Name}.{UsageBuckets.TableName} (tenant_id, bucket_start, gpu_model, mig_profile, node_id, gpu_seconds) from stdin (format binary)");
        long rows = 0;
        for (var bucket = from; bucket < to; bucket += Bucket)
        for (var node = 0; node < Nodes; node++)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(Fleet.Tenant, NpgsqlDbType.Text);
            await copy.WriteAsync(bucket, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(Models[node % Models.Length], NpgsqlDbType.Text);
            await copy.WriteAsync("", NpgsqlDbType.Text);
            await copy.WriteAsync(Fleet.NodeId(node), NpgsqlDbType.Text);
            await copy.WriteAsync((long)(Fleet.GpusPerNode * Bucket.TotalSeconds), NpgsqlDbType.Bigint);
            rows++;
        }
        await copy.CompleteAsync();
        return rows;
    }

    /// <summary>
    /// The tenant's buckets from the node buckets just seeded, by the code that fills them when a database
    /// of an earlier version is upgraded (the service found them empty when it started).
    /// </summary>
    private static async Task<long> FillTenantBucketsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var rows = await TenantUsageBuckets.Backfill.FillIfEmptyAsync(transaction, CancellationToken.None);
        await transaction.CommitAsync();
        if (rows != Days * 96 * Models.Length)
            throw new BenchmarkFailed($"The tenant's buckets were filled with {rows:N0} rows; {Days * 96 * Models.Length:N0} were expected.");
        return rows;
    }

    /// <summary>The answer must be the whole seeded usage in the expected periods, or the timings mean nothing.</summary>
    private static async Task<long> CheckApiAsync(HttpClient api, string query, long expected, int periods)
    {
        using var response = await api.GetAsync(query);
        var body = await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
        var usage = JsonDocument.Parse(body).RootElement;
        var (total, buckets) = (usage.GetProperty("totalGpuSeconds").GetInt64(), usage.GetProperty("buckets").GetArrayLength());
        if (total != expected || buckets != periods)
            throw new BenchmarkFailed($"{query} answered {total:N0} GPU-seconds in {buckets} periods; {expected:N0} in {periods} were seeded.");
        return body.Length;
    }

    private static async Task CheckFloorAsync(NpgsqlDataSource floor, DateTime from, DateTime to, IReadOnlySet<string> grouping, long expected)
    {
        var rows = await UsageBucketReader.ReadAsync(floor, Fleet.Tenant, from, to, grouping, CancellationToken.None);
        if (rows.Sum(r => r.GpuSeconds) != expected)
            throw new BenchmarkFailed($"The endpoint's query read {rows.Sum(r => r.GpuSeconds):N0} GPU-seconds; {expected:N0} were seeded.");
    }

    /// <summary>Milliseconds the call took, to its last byte.</summary>
    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>One query's timings, in milliseconds: through the gateway, at the service's own port, and its floor's.</summary>
public sealed record ApiLatency(
    string Parameters, int Periods, long ResponseBytes, IReadOnlyList<double> Gateway, IReadOnlyList<double> Api, IReadOnlyList<double> Floor)
{
    public bool ByNode => Parameters.Contains("groupBy=node", StringComparison.Ordinal);

    /// <summary>What a tenant waits at p99, through the gateway, over what PostgreSQL alone takes for the same query at p99.</summary>
    public double GatewayToSql => GatewayPercentile(99) / FloorPercentile(99);

    public double GatewayPercentile(double p) => Statistics.Percentile(Gateway, p);

    public double ApiPercentile(double p) => Statistics.Percentile(Api, p);
    public double FloorPercentile(double p) => Statistics.Percentile(Floor, p);
}

public sealed record ApiResult(
    long Rows, long TableBytes, long TenantRows, long TenantTableBytes, TimeSpan SeedTime, IReadOnlyList<ApiLatency> Latencies, IReadOnlyList<ProcessMemory> Memory)
{
    public const long GpuSeconds = (long)ApiLatencyPhase.Gpus * ApiLatencyPhase.Days * 86_400;

    /// <summary>Issue 17's target 6, in the form a script reads: the worst query of each kind.</summary>
    public IEnumerable<string> Targets()
    {
        if (Latencies.Count == 0) yield break;
        var ratio = Latencies.Max(l => l.GatewayToSql);
        yield return $"target usage-api: {ratio:F2} x bare SQL p99 (target {ApiLatencyPhase.GatewayToSqlTarget}) {(ratio <= ApiLatencyPhase.GatewayToSqlTarget ? "met" : "not met")}";
        var notByNode = Latencies.Where(l => !l.ByNode).ToList();
        if (notByNode.Count == 0) yield break;
        var p99 = notByNode.Max(l => l.GatewayPercentile(99));
        yield return $"target usage-api-p99: {p99:F1} ms not grouped by node (target {ApiLatencyPhase.NotByNodeP99TargetMs}) {(p99 < ApiLatencyPhase.NotByNodeP99TargetMs ? "met" : "not met")}";
    }
}
