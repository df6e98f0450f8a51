using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Metering.Benchmarks;

/// <summary>
/// The live standing: the agent samples <see cref="Tenants"/> tenants' <see cref="Gpus"/> GPUs in
/// real time through metering, pricing's estimate and invoicing's standing (all three real
/// processes, Release), while the benchmark reads every tenant's `GET /v1/standing/{tenant}` round
/// after round. A tenant's second k is fresh once a standing's `usageThrough` reaches it, timed from
/// the end of second k (when the agent could first sample it). Then the endpoint, one request at a
/// time, against a bare read of what it reads: the caller's `ApiKey` document by the key's hash
/// (its authentication), then the tenant's `TenantStanding` document by id, through Npgsql from
/// here, against a bare HTTP exchange of the same answer with a loopback server in this process
/// (what any endpoint over HTTP pays before it reads anything), and against invoicing's own
/// `/health/live` asked without a key (what a request into the service costs when it reads nothing), alternated.
/// </summary>
public static class StandingPhase
{
    private const string Name = "bench_standing";
    private const string VirtualHost = "bench-standing";
    private const string Card = "bench-standing";

    public const int Tenants = 100;
    public const int GpusPerTenant = 10;
    public const int Gpus = Tenants * GpusPerTenant;
    public const int Nodes = Gpus / Fleet.GpusPerNode;

    /// <summary>Requests at once in a round of reads: a scheduler polling a hundred tenants would not ask one by one.</summary>
    public const int Concurrency = 8;

    /// <summary>Untimed requests first, so neither side pays for connecting, JIT or cold buffers.</summary>
    public const int Warmup = 20;

    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(10);

    public static string TenantOf(int index) => $"bench-standing-{index:D3}";

    public static async Task<StandingResult> RunAsync(BenchSettings settings)
    {
        var connectionString = await Database.CreateAsync(Name);
        await Broker.CreateVirtualHostAsync(VirtualHost);
        var directory = Directory.CreateDirectory(Path.Combine(settings.WorkDirectory, "standing")).FullName;
        await WriteAllocationsAsync(directory);

        await using var metering = await Fleet.StartMeteringAsync(connectionString, VirtualHost, settings, Path.Combine(directory, "metering.log"));
        // Pricing's clock runs behind, so the card is in force from the start of the 5-minute window
        // the run begins in: a window a version starts within is never estimated.
        await using var pricing = await StartAsync("Pricing", connectionString, Path.Combine(directory, "pricing.log"), TimeSpan.FromMinutes(-6),
            Pricing.Estimates.UsageObservedConsumerDefinition.QueueName);
        await using var invoicing = await StartAsync("Invoicing", connectionString, Path.Combine(directory, "invoicing.log"), null,
            Invoicing.Standing.ChargesEstimatedConsumerDefinition.QueueName);
        using var operatorClient = BillingServices.OperatorClient(invoicing.Address);
        await SetUpTenantsAsync(pricing, operatorClient, connectionString);

        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.Add(Lead).ToUnixTimeSeconds());
        var seconds = settings.StandingSeconds;
        Console.WriteLine($"  {Nodes} nodes ({Gpus:N0} GPUs, {Tenants} tenants of {GpusPerTenant}) in real time from {start:HH:mm:ss} UTC for {seconds} s");
        var memory = new[] { MemoryWatch.Start("pricing", pricing.Id), MemoryWatch.Start("invoicing", invoicing.Id) };
        await using var agent = ServiceProcess.Start("NodeAgent",
            Fleet.AgentSettings(VirtualHost, directory, Nodes, start, seconds, realtime: true, settings),
            Path.Combine(directory, "node-agent.log"));
        var loadAtStart = Machine.LoadAverageNow();
        var (latencies, rounds) = await PollFreshnessAsync(operatorClient, start, seconds);
        var exit = await agent.WaitForExitAsync(TimeSpan.FromMinutes(2));
        if (exit != 0) throw new BenchmarkFailed($"The agent exited with {exit}; see {agent.LogFile}");

        var (api, floor, exchange, health, served) = await TimeReadsAsync(operatorClient, connectionString, settings.StandingRequests);
        var memories = new List<ProcessMemory>();
        foreach (var watch in memory) memories.Add(await watch.StopAsync());
        return new StandingResult(start, seconds, loadAtStart, Machine.LoadAverageNow(), latencies, rounds, api, floor, exchange, health, served, memories);
    }

    /// <summary>Tenant i holds GPUs 10 i to 10 i + 9 in fleet order, so most tenants span two nodes.</summary>
    private static async Task WriteAllocationsAsync(string directory)
    {
        var allocations = Enumerable.Range(0, Gpus).Select(i => new
        {
            gpuUuid = Fleet.GpuUuid(i / Fleet.GpusPerNode, i % Fleet.GpusPerNode),
            tenantId = TenantOf(i / GpusPerTenant),
            workloadId = "job-1",
        });
        await File.WriteAllTextAsync(Path.Combine(directory, "allocations.json"), JsonSerializer.Serialize(new { allocations }));
    }

    private static Task<ServiceProcess> StartAsync(string service, string connectionString, string logFile, TimeSpan? clockOffset, string queue) =>
        BillingServices.StartAsync(service, VirtualHost, connectionString, logFile, clockOffset, queue);

    /// <summary>
    /// One per-unit card for both models, and every tenant prepaid with more than it can spend, so
    /// each stays `ok` and every review is the ordinary one; returns once pricing knows every
    /// tenant's terms.
    /// </summary>
    private static async Task SetUpTenantsAsync(ServiceProcess pricing, HttpClient invoicing, string connectionString)
    {
        await BillingServices.PublishCardAsync(pricing.Address, Card, DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 300 * 300));
        for (var i = 0; i < Tenants; i++)
            await BillingServices.OpenPrepaidAccountAsync(invoicing, TenantOf(i), Card, "bench-standing", 100_000m);
        await BillingServices.PricingKnowsTermsAsync(connectionString, Tenants);
    }

    /// <summary>
    /// Rounds of every tenant's standing until each one's `usageThrough` reached the run's last
    /// second; each tenant's second k gets the latency of the first answer that included it.
    /// </summary>
    private static async Task<(List<double> Latencies, int Rounds)> PollFreshnessAsync(HttpClient invoicing, DateTimeOffset start, int seconds)
    {
        await Wait.ForAsync(start);
        var next = new int[Tenants];
        var latencies = new List<double>(Tenants * seconds);
        var deadline = start.AddSeconds(seconds) + TimeSpan.FromMinutes(3);
        var rounds = 0;
        while (next.Any(n => n < seconds))
        {
            if (DateTimeOffset.UtcNow > deadline)
                throw new BenchmarkFailed($"By {deadline:HH:mm:ss} {next.Count(n => n < seconds)} tenants' standings had not reached the run's last second.");
            rounds++;
            await Parallel.ForEachAsync(Enumerable.Range(0, Tenants).Where(i => next[i] < seconds), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
                async (i, cancel) =>
                {
                    var standing = await invoicing.GetFromJsonAsync<JsonElement>($"/v1/standing/{TenantOf(i)}", cancel);
                    var seen = DateTimeOffset.UtcNow;
                    if (standing.GetProperty("usageThrough") is not { ValueKind: JsonValueKind.String } through) return;
                    var included = through.GetDateTimeOffset();
                    lock (latencies)
                    {
                        while (next[i] < seconds && start.AddSeconds(next[i]) <= included)
                            latencies.Add((seen - start.AddSeconds(next[i]++ + 1)).TotalSeconds);
                    }
                });
        }
        return (latencies, rounds);
    }

    private static readonly string KeyHash = ApiKey.HashOf(BillingServices.OperatorKey);

    private static async Task<string?> ReadDocumentAsync(NpgsqlDataSource database, string document, string id)
    {
        await using var command = database.CreateCommand($"select data::text from invoicing.mt_doc_{document} where id = $1");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>
    /// The endpoint, the bare read, the bare exchange and the service's health, alternated over the tenants, after
    /// <see cref="Warmup"/> of each not timed; milliseconds; and what invoicing says it spent on the timed ones. The exchange answers the bytes the
    /// endpoint last answered, with the same client settings, so it differs from the endpoint only
    /// in what the service does between receiving the request and answering it.
    /// </summary>
    private static async Task<(List<double> Api, List<double> Floor, List<double> Exchange, List<double> Health, ServerTimes Served)> TimeReadsAsync(HttpClient invoicing, string connectionString, int requests)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        var answer = Array.Empty<byte>();
        await using var loopback = await LoopbackServer.StartAsync(app => app.MapGet("/v1/standing/{tenantId}", () => Results.Bytes(answer, "application/json")));
        using var bare = new HttpClient { BaseAddress = loopback.Address, Timeout = invoicing.Timeout };
        bare.DefaultRequestHeaders.Add("X-Api-Key", BillingServices.OperatorKey);
        // Without the key: a request that carries one is authenticated, which reads the key, whatever it asks for.
        using var keyless = new HttpClient { BaseAddress = invoicing.BaseAddress, Timeout = invoicing.Timeout };
        var (api, floor, exchange, health) = (new List<double>(requests), new List<double>(requests), new List<double>(requests), new List<double>(requests));
        ServerTimes? afterWarmup = null;
        for (var i = 0; i < Warmup + requests; i++)
        {
            if (i == Warmup) afterWarmup = await ServerTimes.ScrapeAsync(invoicing);
            var tenant = TenantOf(i % Tenants);
            var clock = Stopwatch.StartNew();
            using (var response = await invoicing.GetAsync($"/v1/standing/{tenant}"))
            {
                response.EnsureSuccessStatusCode();
                answer = await response.Content.ReadAsByteArrayAsync();
            }
            var apiTime = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            if (await ReadDocumentAsync(database, "apikey", KeyHash) is null) throw new BenchmarkFailed("The operator's key is not stored.");
            if (await ReadDocumentAsync(database, "tenantstanding", tenant) is null) throw new BenchmarkFailed($"{tenant} has no standing document.");
            var floorTime = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            using (var response = await bare.GetAsync($"/v1/standing/{tenant}"))
            {
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }
            var exchangeTime = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            using (var response = await keyless.GetAsync("/health/live"))
            {
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }
            var healthTime = clock.Elapsed.TotalMilliseconds;
            if (i < Warmup) continue;
            api.Add(apiTime);
            floor.Add(floorTime);
            exchange.Add(exchangeTime);
            health.Add(healthTime);
        }
        return (api, floor, exchange, health, (await ServerTimes.ScrapeAsync(invoicing)).Since(afterWarmup!));
    }
}

public sealed record StandingResult(
    DateTimeOffset Start,
    int Seconds,
    string LoadAtStart,
    string LoadAtEnd,
    IReadOnlyList<double> Latencies,
    int Rounds,
    IReadOnlyList<double> Api,
    IReadOnlyList<double> Floor,
    IReadOnlyList<double> Exchange,
    IReadOnlyList<double> Health,
    ServerTimes Served,
    IReadOnlyList<ProcessMemory> Memory)
{
    public const double P99FreshnessTarget = 30;
    public const double EndpointToBareReadTarget = 1.2;
    public const string StandingRoute = "/v1/standing/{tenantId}";
    public const string HealthRoute = "/health/live";

    public double Freshness(double p) => Statistics.Percentile(Latencies, p);

    public double EndpointToBareRead => Statistics.Percentile(Api, 99) / Statistics.Percentile(Floor, 99);

    /// <summary>Each request's bare read and bare exchange added: what the endpoint would cost if its own work were free.</summary>
    public IReadOnlyList<double> ReadAndExchange => Floor.Zip(Exchange, (read, exchange) => read + exchange).ToList();

    public IEnumerable<string> Describe()
    {
        yield return $"== Live standing (real time, {StandingPhase.Nodes} nodes = {StandingPhase.Gpus:N0} GPUs of {StandingPhase.Tenants} tenants, {Seconds} s from {Start:HH:mm:ss} UTC; load average {LoadAtStart} at the start, {LoadAtEnd} at the end) ==";
        yield return $"  freshness (a tenant's second k counted from k + 1 s to the first GET /v1/standing/{{tenant}} whose usageThrough includes it): "
            + $"p50 {Freshness(50):F2} s, p99 {Freshness(99):F2} s, max {Freshness(100):F2} s over {Latencies.Count:N0} tenant-seconds ({Rounds} rounds of {StandingPhase.Tenants} reads, {StandingPhase.Concurrency} at once)";
        yield return $"  GET /v1/standing/{{tenant}} against the caller's key and the tenant's document read by id through Npgsql, {Api.Count} of each after {StandingPhase.Warmup} not timed, alternated: "
            + $"endpoint p50 {Statistics.Percentile(Api, 50):F2} ms, p99 {Statistics.Percentile(Api, 99):F2} ms; bare read p50 {Statistics.Percentile(Floor, 50):F2} ms, "
            + $"p99 {Statistics.Percentile(Floor, 99):F2} ms; p99 ratio {EndpointToBareRead:F2} ×";
        yield return $"  a bare HTTP exchange of the same answer with a loopback server in the benchmark's process, alternated with both: p50 {Statistics.Percentile(Exchange, 50):F2} ms, "
            + $"p99 {Statistics.Percentile(Exchange, 99):F2} ms; each request's bare read and bare exchange added: p50 {Statistics.Percentile(ReadAndExchange, 50):F2} ms, "
            + $"p99 {Statistics.Percentile(ReadAndExchange, 99):F2} ms; endpoint ÷ that at p50 {Statistics.Percentile(Api, 50) / Statistics.Percentile(ReadAndExchange, 50):F2} ×, "
            + $"at p99 {Statistics.Percentile(Api, 99) / Statistics.Percentile(ReadAndExchange, 99):F2} ×";
        yield return $"  invoicing's /health/live without a key (nothing read), alternated with the others: p50 {Statistics.Percentile(Health, 50):F2} ms, p99 {Statistics.Percentile(Health, 99):F2} ms";
        yield return $"  mean time inside invoicing (its http.server.request.duration, from the first byte read to the last written) against the mean the benchmark measured: "
            + $"the endpoint {Served.MeanMilliseconds(StandingRoute):F3} of {Api.Average():F3} ms, /health/live {Served.MeanMilliseconds(HealthRoute):F3} of {Health.Average():F3} ms";
    }
}

/// <summary>
/// What a service's own `/metrics` says it spent on each route (ASP.NET Core's
/// `http.server.request.duration`, summed and counted per route): what is left of a request's time
/// measured outside is the connection's and the scheduler's.
/// </summary>
public sealed record ServerTimes(IReadOnlyDictionary<string, (double Seconds, long Count)> Routes)
{
    private static readonly Regex Line = new("""^http_server_request_duration_seconds_(sum|count)\{[^}]*http_route="([^"]+)"[^}]*\} ([0-9.eE+-]+)""", RegexOptions.Multiline);

    public static async Task<ServerTimes> ScrapeAsync(HttpClient service)
    {
        var routes = new Dictionary<string, (double Seconds, long Count)>();
        foreach (Match match in Line.Matches(await service.GetStringAsync("/metrics")))
        {
            var (kind, route, value) = (match.Groups[1].Value, match.Groups[2].Value, double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
            var (seconds, count) = routes.GetValueOrDefault(route);
            routes[route] = kind == "sum" ? (seconds + value, count) : (seconds, count + (long)value);
        }
        return new ServerTimes(routes);
    }

    public ServerTimes Since(ServerTimes earlier) => new(Routes.ToDictionary(r => r.Key, r =>
    {
        var (seconds, count) = earlier.Routes.GetValueOrDefault(r.Key);
        return (r.Value.Seconds - seconds, r.Value.Count - count);
    }));

    public double MeanMilliseconds(string route) =>
        Routes.GetValueOrDefault(route) is { Count: > 0 } times ? times.Seconds / times.Count * 1000 : double.NaN;
}
