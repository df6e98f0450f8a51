using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fleet;
using Fleet.CostCards;
using Fleet.Inventory;
using Fleet.Revenue;
using Fleet.Usage;
using GpuBilling.HashChains;
using GpuBilling.Testing;
using JasperFx;
using Marten;
using Metering.Contracts;
using Npgsql;

namespace Metering.Benchmarks;

/// <summary>
/// The fleet's margin and efficiency reports over <see cref="FleetMonth"/> (1,000 GPUs, 30 days, 50
/// tenants, 3 suppliers), asked of the real Fleet service (Release, its own process) with an
/// operator's key, each against its floor: the SQL of the rows the report reads, run through Npgsql
/// from here and read to the last byte. The month is written by the fleet's own code and
/// configuration in this process (its node-hours through <see cref="NodeHourUsage.Evolve"/>, the
/// inventory and cards through their decisions, the ratings through <see cref="RatedPeriod.Evolve"/>),
/// because sealing 2.6 billion GPU-seconds through metering would take this machine hours. Every
/// report's first answer is checked against <see cref="FleetExpectations"/>, or the run fails.
/// </summary>
public static class FleetReportsPhase
{
    private const string Name = "bench_fleet";
    private const string VirtualHost = "bench-fleet";
    private const int WriteBatch = 500;

    /// <summary>The tenant whose own view is asked for.</summary>
    private const int Tenant = 7;

    public static readonly IReadOnlyList<FleetQuery> Queries =
    [
        new("margin by node", "margin", "groupBy=node&limit=200", ["node"]),
        new("margin by tenant", "margin", "groupBy=tenant&limit=200", ["tenant"]),
        new("margin by supplier", "margin", "groupBy=supplier", ["supplier"]),
        new("margin by site", "margin", "groupBy=site", ["site"]),
        new("margin by model", "margin", "groupBy=model", ["model"]),
        new("margin by every dimension", "margin", "limit=200", ["supplier", "node", "site", "model", "tenant"]),
        new("efficiency by node", "efficiency", "groupBy=node&limit=200", ["node"]),
        new("efficiency by tenant", "efficiency", "groupBy=tenant&limit=200", ["tenant"]),
        new("efficiency by model", "efficiency", "groupBy=model", ["model"]),
        new("efficiency by site", "efficiency", "groupBy=site", ["site"]),
        new("efficiency by supplier", "efficiency", "groupBy=supplier", ["supplier"]),
        new("efficiency by gpu", "efficiency", "groupBy=gpu&limit=200", ["gpu"]),
        new("top 10 GPUs", "efficiency/top", "by=gpu&count=10", ["gpu"]),
        new("top 10 nodes", "efficiency/top", "by=node&count=10", ["node"]),
        new($"tenant's own view by gpu", $"tenants/{FleetMonth.TenantId(Tenant)}/efficiency", "groupBy=gpu&limit=200", ["gpu"]),
        new($"tenant's idle GPUs", $"tenants/{FleetMonth.TenantId(Tenant)}/idle-gpus", "limit=200", ["gpu"]),
    ];

    public static async Task<FleetReportsResult> RunAsync(BenchSettings settings)
    {
        var connectionString = await Database.CreateAsync(Name);
        await Broker.CreateVirtualHostAsync(VirtualHost);
        var directory = Directory.CreateDirectory(Path.Combine(settings.WorkDirectory, "fleet")).FullName;

        var seeding = Stopwatch.StartNew();
        await SeedAsync(connectionString);
        await Database.ExecuteAsync(connectionString, $"vacuum analyze");
        var seedTime = seeding.Elapsed;
        var expectations = new FleetExpectations();
        var tableBytes = await Database.ScalarAsync<long>(connectionString,
            $"select sum(pg_total_relation_size(c.oid))::bigint from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = '{FleetStorage.Name}' and c.relkind = 'r'");

        var fleet = await BillingServices.StartAsync("Fleet", VirtualHost, connectionString, Path.Combine(directory, "fleet.log"), null,
            NodeUsageSealedConsumerDefinition.QueueName);
        var memory = MemoryWatch.Start("fleet", fleet.Id);
        try
        {
            using var client = new HttpClient { BaseAddress = fleet.Address, Timeout = TimeSpan.FromMinutes(5) };
            client.DefaultRequestHeaders.Add("X-Api-Key", BillingServices.OperatorKey);
            await using var floor = NpgsqlDataSource.Create(connectionString);
            using var store = DocumentStore.For(options =>
            {
                FleetStorage.Configure(options);
                options.Connection(connectionString);
            });

            // Every report is checked before any is timed: the service's code is then as warm for the
            // first report timed as for the last.
            var checkedQueries = new List<(FleetQuery Query, string Url, int Groups, long Bytes)>();
            foreach (var query in Queries)
            {
                var url = $"/v1/fleet/{query.Path}?from={Instant(FleetMonth.From)}&to={Instant(FleetMonth.To)}&{query.Parameters}";
                Console.WriteLine($"  checking {query.Name} (load average now {Machine.LoadAverageNow()})...");
                var (groups, bytes) = await CheckAsync(client, url, query, expectations);
                checkedQueries.Add((query, url, groups, bytes));
            }

            var timings = new List<FleetQueryTiming>();
            foreach (var (query, url, groups, bytes) in checkedQueries)
            {
                Console.WriteLine($"  {query.Name} (load average now {Machine.LoadAverageNow()})...");
                var floorReads = FleetFloor.Of(store, query);
                var floorRead = await FleetFloor.ReadAsync(floor, floorReads);

                // Alternated, so both see the same background load on a shared machine.
                var (apiTimes, floorTimes) = (new List<double>(), new List<double>());
                for (var i = 0; i < settings.FleetRequests; i++)
                {
                    apiTimes.Add(await TimeAsync(async () => (await client.GetAsync(url)).EnsureSuccessStatusCode().Dispose()));
                    floorTimes.Add(await TimeAsync(() => FleetFloor.ReadAsync(floor, floorReads)));
                }
                timings.Add(new FleetQueryTiming(query, groups, bytes, floorRead.Rows, floorRead.Bytes, apiTimes, floorTimes));
                var last = timings[^1];
                Console.WriteLine($"    p50 {last.ApiPercentile(50):F0} ms, p99 {last.ApiPercentile(99):F0} ms; floor p99 {last.FloorPercentile(99):F0} ms: {last.Ratio:F2} ×");
            }
            return new FleetReportsResult(expectations.LedgerGpuSeconds, FleetMonth.Nodes * FleetMonth.Hours, seedTime, tableBytes, settings.FleetRequests,
                timings, [await memory.StopAsync()]);
        }
        finally
        {
            await fleet.DisposeAsync();
        }
    }

    /// <summary>
    /// The first answer, every page of it where it has few enough groups and the first page otherwise,
    /// must hold exactly the expected figures of every group it shows, and all of them where it shows
    /// them all; returns the groups and bytes of the first page.
    /// </summary>
    private static async Task<(int Groups, long Bytes)> CheckAsync(HttpClient client, string url, FleetQuery query, FleetExpectations expected)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new BenchmarkFailed($"{url} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        var root = JsonDocument.Parse(body).RootElement;

        if (query.Path == "efficiency/top")
        {
            var top = expected.TopWasters(query.By[0], 10);
            var items = root.GetProperty("items").EnumerateArray().Select(i => (FleetExpectations.Text(i, query.By[0] == "gpu" ? "gpuUuid" : "nodeId")!, (long)FleetExpectations.Number(i, "wastedGpuSeconds"))).ToList();
            if (!items.SequenceEqual(top))
                throw new BenchmarkFailed($"{query.Name}: answered {string.Join(", ", items)}; expected {string.Join(", ", top)}");
            return (items.Count, body.Length);
        }

        var forOperator = !query.Path.StartsWith("tenants/", StringComparison.Ordinal);
        var groups = root.GetProperty("groups").EnumerateArray().ToList();
        if (query.Path == "margin")
        {
            var margins = expected.Margin(query.By);
            Compare(query, groups, FleetExpectations.MarginKeyOf, margins, (e, row) => e.DifferenceFrom(row));
            var totals = root.GetProperty("totals").EnumerateArray().ToList();
            var total = new MarginExpected(margins.Values.Sum(m => m.Revenue), margins.Values.Sum(m => m.Cost), margins.Values.Sum(m => m.IdleCapacityCost));
            if (totals.Count != 1) throw new BenchmarkFailed($"{query.Name}: {totals.Count} rows of totals; one currency was written.");
            if (total.DifferenceFrom(totals[0]) is { } totalDifference) throw new BenchmarkFailed($"{query.Name}, totals: {totalDifference}");
            return (groups.Count, body.Length);
        }

        var tenant = forOperator ? (int?)null : Tenant;
        var efficiency = expected.Efficiency(query.By, tenant, forOperator);
        if (query.Path.EndsWith("idle-gpus", StringComparison.Ordinal))
            efficiency = efficiency.Where(e => e.Value.AllocatedIdle > 0).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        Compare(query, groups, row => FleetExpectations.EfficiencyKeyOf(row, forOperator), efficiency, (e, row) => e.DifferenceFrom(row));
        if (!query.Path.EndsWith("idle-gpus", StringComparison.Ordinal))
        {
            var all = expected.Efficiency([], tenant, forOperator).Single().Value;
            if (all.DifferenceFrom(root.GetProperty("total")) is { } difference) throw new BenchmarkFailed($"{query.Name}, total: {difference}");
        }
        return (groups.Count, body.Length);
    }

    private static void Compare<T>(
        FleetQuery query, List<JsonElement> groups, Func<JsonElement, string> keyOf, IReadOnlyDictionary<string, T> expected, Func<T, JsonElement, string?> differenceOf)
    {
        if (groups.Count != Math.Min(expected.Count, 200))
            throw new BenchmarkFailed($"{query.Name}: {groups.Count} groups on the first page; {expected.Count} expected in all.");
        foreach (var row in groups)
        {
            var key = keyOf(row);
            if (!expected.TryGetValue(key, out var figures)) throw new BenchmarkFailed($"{query.Name}: an unexpected group {key}.");
            if (differenceOf(figures, row) is { } difference) throw new BenchmarkFailed($"{query.Name}, group {key}: {difference}");
        }
    }

    /// <summary>The month, written by the fleet's own code and configuration.</summary>
    private static async Task SeedAsync(string connectionString)
    {
        using var store = DocumentStore.For(options =>
        {
            FleetStorage.Configure(options);
            options.Connection(connectionString);
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var registeredAt = FleetMonth.From.AddDays(-31);

        await using (var session = store.LightweightSession())
        {
            for (var supplier = 0; supplier < FleetMonth.Suppliers.Length; supplier++)
            {
                var id = FleetMonth.Suppliers[supplier];
                var terms = new CostCardTerms
                {
                    Prices = [.. FleetMonth.Models.Select((model, m) => new GpuPrice(model, null, FleetMonth.PricesPerGpuHour[supplier][m]))],
                    EnergyPricePerKWh = FleetMonth.EnergyPriceOf(supplier),
                    FixedCharges = FleetMonth.ChargesFixed(supplier) ? [new FixedCharge("reserved capacity", FleetMonth.FixedChargePerMonth)] : [],
                };
                session.Events.StartStream<CostCard>(new CostCardKey(id).ToString(),
                    PublishCostCardVersionDecision.Decide(new PublishCostCardVersion(id, FleetMonth.Currency, registeredAt, terms, registeredAt, "bench"), null));
            }
            for (var node = 0; node < FleetMonth.Nodes; node++)
                session.Events.StartStream<FleetNode>(new NodeKey(FleetMonth.NodeId(node)).ToString(), RegisterNodeVersionDecision.Decide(new RegisterNodeVersion(
                    FleetMonth.NodeId(node), registeredAt, null, FleetMonth.SiteOf(node), FleetMonth.Suppliers[FleetMonth.SupplierOf(node)],
                    [new HeldGpus(FleetMonth.Models[FleetMonth.ModelOf(node)], Fleet.GpusPerNode)], registeredAt, "bench"), null));
            await session.SaveChangesAsync();
        }

        // As the consumer keeps them: each ledger event evolved into its node-hour and summed into its node-day, with the day's rows.
        foreach (var dayOfNode in Enumerable.Range(0, FleetMonth.Hours / 24).SelectMany(day => Enumerable.Range(0, FleetMonth.Nodes).Select(node => (node, day))).Chunk(WriteBatch / 24))
        {
            await using var session = store.LightweightSession();
            List<NodeDayUsage> days = [];
            foreach (var (node, day) in dayOfNode)
            {
                NodeDayUsage? summed = null;
                for (var hour = day * 24; hour < day * 24 + 24; hour++)
                {
                    var kept = NodeHourUsage.Evolve(null, FleetMonth.SealedOf(node, hour));
                    session.Insert(kept);
                    summed = NodeDayUsage.Evolve(summed, kept, kept.Windows);
                }
                session.Insert(summed!);
                days.Add(summed!);
            }
            NodeDayRows.Store(session, days);
            await session.SaveChangesAsync();
        }

        // Each tenant's April as pricing rates it: one charge per model it held, per second.
        await using (var session = store.LightweightSession())
        {
            var seconds = FleetMonth.AllEntries().Where(e => e.Allocated)
                .GroupBy(e => (Tenant: e.Tenant!.Value, Model: FleetMonth.ModelOf(e.Node))).ToDictionary(g => g.Key, g => g.Sum(e => e.Seconds));
            for (var tenant = 0; tenant < FleetMonth.Tenants; tenant++)
            {
                var charges = Enumerable.Range(0, FleetMonth.Models.Length).Where(m => seconds.ContainsKey((tenant, m))).Select(m =>
                {
                    var (model, quantity, rate) = (FleetMonth.Models[m], seconds[(tenant, m)], FleetMonth.RatePerGpuSecond[m]);
                    return new RatedCharge($"{model} on demand", "gpu-time", $"{model}/{AllocationClasses.OnDemand}", model, "usage", null,
                        "bench-card", 1, quantity, "gpu-second", rate, quantity * rate, quantity);
                }).ToList();
                session.Insert(RatedPeriod.Evolve(null, new PeriodRated
                {
                    TenantId = FleetMonth.TenantId(tenant),
                    PeriodStart = FleetMonth.From,
                    PeriodEnd = FleetMonth.To,
                    AccrualStream = $"{FleetMonth.TenantId(tenant)}@{FleetMonth.From:yyyy-MM-dd}",
                    TotalsVersion = 1,
                    RateCardId = "bench-card",
                    CurrencyCode = FleetMonth.Currency,
                    MeteredGpuSeconds = charges.Sum(c => (long)c.Quantity),
                    BillableGpuSeconds = charges.Sum(c => c.Quantity),
                    LedgerEvents = FleetMonth.Nodes * FleetMonth.Hours,
                    Charges = charges,
                    RatedAt = FleetMonth.To,
                }));
            }
            await session.SaveChangesAsync();
        }
    }

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static string Instant(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <param name="Path">Under /v1/fleet/.</param>
/// <param name="By">The dimensions its groups are by.</param>
public sealed record FleetQuery(string Name, string Path, string Parameters, IReadOnlyList<string> By);

/// <summary>One report's timings in milliseconds, request for request with its floor's.</summary>
public sealed record FleetQueryTiming(
    FleetQuery Query, int Groups, long ResponseBytes, long FloorRows, long FloorBytes, IReadOnlyList<double> Api, IReadOnlyList<double> Floor)
{
    public double ApiPercentile(double p) => Statistics.Percentile(Api, p);
    public double FloorPercentile(double p) => Statistics.Percentile(Floor, p);
    public double Ratio => ApiPercentile(99) / FloorPercentile(99);
}
