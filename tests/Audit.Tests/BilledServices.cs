extern alias InvoicingService;
extern alias MeteringService;
extern alias PricingService;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.Testing;
using Invoicing.BillingAccounts;
using Invoicing.Invoices;
using Marten;
using MassTransit;
using Metering.Contracts;
using Metering.Ledger;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pricing.RateCards;

namespace Audit.Tests;

/// <summary>
/// Metering, pricing and invoicing in this process, on one database and one virtual host of the
/// real PostgreSQL and RabbitMQ, wired through their real message flow (reports to the ledger, the
/// ledger to accruals, ratings to invoices), and the audit service reading what they stored. Each
/// service keeps its own clock so that one test run can hold a whole billing period: pricing's
/// stands at the start of January (so the rate card is in force from then), invoicing's in the
/// middle (the January invoice is open; an operator finalizes it early), metering's after it (the
/// January usage is within the accepted lateness and every window of it is closed, so it is sealed
/// at once). Every test bills a tenant of its own, so tests of one class never touch each other's data.
/// </summary>
public abstract class BilledServices(string name) : IAsyncLifetime
{
    public static readonly DateTimeOffset PricingNow = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset InvoicingNow = new(2026, 1, 20, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset MeteringNow = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    public const string RateCardId = "rc-audit";
    public const string Model = "H100";
    public const decimal PricePerGpuHour = 2.40m;
    public const decimal EnergyPricePerKWh = 0.20m;

    /// <summary>Web defaults with enums as words: kebab-case for pricing's API, as written for invoicing's.</summary>
    private static readonly JsonSerializerOptions PricingJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private WebApplicationFactory<MeteringService::Program> _metering = null!;
    private WebApplicationFactory<PricingService::Program> _pricing = null!;
    private WebApplicationFactory<InvoicingService::Program> _invoicing = null!;
    private WebApplicationFactory<AuditProgram> _audit = null!;
    private IBusControl _agent = null!;

    public string Name { get; } = name;

    public string Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        var settings = TestServers.ServiceSettings(Database, Name);

        // Consumers first: a message published before its queue is bound is lost.
        _invoicing = Start<InvoicingService::Program>(settings, InvoicingNow);
        await Queues.ConsumerReadyAsync(Name, InvoicingService::Invoicing.Ledger.UsageRecordedConsumerDefinition.QueueName);
        await Queues.ConsumerReadyAsync(Name, InvoicingService::Invoicing.Ratings.PeriodRatedConsumerDefinition.QueueName);
        _pricing = Start<PricingService::Program>(settings, PricingNow);
        await Queues.ConsumerReadyAsync(Name, PricingService::Pricing.Accrual.UsageRecordedConsumerDefinition.QueueName);
        await Queues.ConsumerReadyAsync(Name, PricingService::Pricing.Tenants.BillingTermsSetConsumerDefinition.QueueName);
        _metering = Start<MeteringService::Program>(settings, MeteringNow);
        await Queues.ConsumerReadyAsync(Name, "gpu-usage");
        _audit = Start<AuditProgram>(settings, MeteringNow);

        _agent = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, Name, h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            rabbit.PublishIntoWorkQueue<GpuUsageReported>("gpu-usage");
        });
        await _agent.StartAsync();

        var publish = await (await ClientAsync(_pricing, "finance", Roles.Operator)).PostAsJsonAsync($"/v1/rate-cards/{RateCardId}/versions",
            new PublishRateCardVersionRequest("USD", PricingNow, new RateCardTerms
            {
                Rates = [Rate.PerUnit(PriceKey.OnDemand(Model), PricePerGpuHour)],
                EnergyPricePerKWh = EnergyPricePerKWh,
            }), PricingJson);
        Assert.True(publish.IsSuccessStatusCode, await publish.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// A tenant of its own billed for January from its own node's usage, through every service, and
    /// its invoice finalized by an operator once ledger, rating and invoice agree. Returns the invoice id.
    /// </summary>
    /// <param name="withTrial">A trial grant made before any usage, so the invoice is settled by credit drawn as it was rated.</param>
    public Task<string> FinalizedJanuaryAsync(string tenant, bool withTrial = false) =>
        FinalizedJanuaryAsync(tenant, [.. Usage.Of(tenant).Select(u => u.Report)], Usage.GpuSeconds, withTrial);

    /// <summary>The same with other reports, holding <paramref name="gpuSeconds"/> of the tenant's usage.</summary>
    public async Task<string> FinalizedJanuaryAsync(string tenant, IReadOnlyList<GpuUsageReported> reports, long gpuSeconds, bool withTrial = false)
    {
        var operatorClient = await ClientAsync(_invoicing, "alice@finance", Roles.Operator);
        var opened = await operatorClient.PutWhenCardKnownAsync(tenant, Account(tenant), Json);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        if (withTrial) await GrantTrialAsync(tenant);
        // Generous waits: the test shares its machine with whole test runs, and three services' loops turn here.
        await Eventually.AssertAsync(async () =>
            Assert.Equal(1L, await ScalarAsync("select count(*) from pricing.mt_doc_tenantterms where id = $1", tenant)), TimeSpan.FromMinutes(2));

        await Task.WhenAll(reports.Select(r => _agent.Publish(r, context => context.StampUserId("guest"))));

        var invoiceId = $"{tenant}@2026-01-01";
        var expected = gpuSeconds;
        await Eventually.AssertAsync(async () =>
        {
            Assert.Equal(expected, await ScalarAsync("select coalesce(sum(gpu_seconds), 0) from invoicing.ledger_tally where tenant_id = $1", tenant));
            Assert.Equal(expected, await ScalarAsync(
                "select coalesce((data -> 'Rated' ->> 'MeteredGpuSeconds')::bigint, 0) from invoicing.mt_doc_periodcharges where id = $1",
                $"{tenant}@2026-01-01T00:00Z"));
        }, TimeSpan.FromMinutes(3));

        var finalized = await operatorClient.PostAsync($"/v1/invoices/{invoiceId}/finalize", null);
        Assert.Equal(HttpStatusCode.OK, finalized.StatusCode);
        Assert.Equal(InvoiceStatus.Finalized, (await finalized.Content.ReadFromJsonAsync<InvoiceView>(Json))!.Status);
        return invoiceId;
    }

    /// <summary>A trial grant on the tenant's credit stream, made through invoicing's API by an operator.</summary>
    public async Task GrantTrialAsync(string tenant)
    {
        var operatorClient = await ClientAsync(_invoicing, "alice@finance", Roles.Operator);
        var granted = await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants", new { source = "trial", amount = "10.00", reason = "trial" });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
    }

    /// <summary>
    /// A key of the audit service for a principal of its own (grants are a principal's, and tests
    /// share the service), granted <paramref name="grantedTenants"/>, or every tenant where none are named.
    /// </summary>
    public Task<HttpClient> AuditClientAsync(string role = Roles.Auditor, params string[] grantedTenants) =>
        ClientAsync(_audit, $"{role}-{Guid.NewGuid():N}", role, grantedTenants is [] ? [AccessGrant.AllTenants] : grantedTenants);

    public HttpClient AnonymousAuditClient() => _audit.CreateClient();

    /// <summary>The audit service's application services, its route table among them.</summary>
    public IServiceProvider AuditServices => _audit.Services;

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    public async Task<string> TextAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>An edit made with write access to PostgreSQL, behind every service's back: exactly one row.</summary>
    public async Task TamperAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>The id of the ledger event of a node-hour ("node@2026-01-10T10Z"), as metering stored it.</summary>
    public async Task<Guid> LedgerEventIdAsync(string nodeHour)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id from metering.mt_events where stream_id = $1", connection);
        command.Parameters.AddWithValue(nodeHour);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await _agent.StopAsync();
        await _audit.DisposeAsync();
        await _metering.DisposeAsync();
        await _pricing.DisposeAsync();
        await _invoicing.DisposeAsync();
    }

    private static WebApplicationFactory<T> Start<T>(Dictionary<string, string?> settings, DateTimeOffset now) where T : class
    {
        var factory = new WebApplicationFactory<T>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings) host.UseSetting(key, value);
            host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedClock(now)));
        });
        _ = factory.Server;
        return factory;
    }

    private static Task<HttpClient> ClientAsync<T>(WebApplicationFactory<T> service, string principalId, string role, params string[] grantedTenants)
        where T : class =>
        TestKeys.ClientForAsync(service.Services, service.CreateDefaultClient, principalId, role, grantedTenants);

    private static BillingAccount Account(string tenant) =>
        new(tenant, "USD", "UTC", 1, TimeSpan.Zero, 30, 0.19m, $"{tenant}-issuer", RateCardId,
            new LegalParty("GPU Cloud Inc.", new PostalAddress(["1 Compute Way"], "Wilmington", "19801", "DE", "US"), "US-12-3456789"),
            new LegalParty($"{tenant} Research LLC", new PostalAddress(["500 Lab Road"], "Boston", "02110", "MA", "US"), null));

    /// <summary>Only reads the time: timers and delays run on real time, so the services' loops keep turning.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>
/// One tenant's January on its own node, one report per node-hour (so each node-hour is sealed
/// into exactly one ledger event): GPU 0 runs job-1 at 300 W and GPU 1 job-2 at 200 W.
/// <list type="bullet">
/// <item>10 Jan 10:00Z, seconds 0-599: both GPUs (1,200 GPU-seconds, 300,000 J);</item>
/// <item>10 Jan 11:00Z, seconds 0-299: GPU 0 (300 GPU-seconds, 90,000 J); GPU 1 is held by nobody;</item>
/// <item>11 Jan 09:00Z, seconds 0-899: GPU 0 (900 GPU-seconds, 270,000 J).</item>
/// </list>
/// 2,400 GPU-seconds: 2/3 GPU-hour at 2.40 is 1.60; 660,000 J is 0.18333… kWh at 0.20, 0.036666…, written 0.04.
/// Subtotal 1.64, tax 19% 0.3116, written 0.31; total 1.95.
/// </summary>
public static class Usage
{
    public static string NodeOf(string tenant) => $"{tenant}-node";

    public static string GpuOf(string tenant, int gpu) => $"GPU-{tenant}-{gpu}";

    public static readonly DateTimeOffset FirstHour = new(2026, 1, 10, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset SecondHour = new(2026, 1, 10, 11, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset ThirdHour = new(2026, 1, 11, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The ledger stream of the tenant's node in that hour, as metering keys it.</summary>
    public static string NodeHour(string tenant, DateTimeOffset hour) => new NodeHourKey(NodeOf(tenant), hour).ToString();

    public const long GpuSeconds = 2_400;

    public static IEnumerable<(DateTimeOffset Hour, GpuUsageReported Report)> Of(string tenant)
    {
        yield return (FirstHour, Report(tenant, FirstHour, 600, s => [Gpu(tenant, 0, "job-1", 300m), Gpu(tenant, 1, "job-2", 200m)]));
        yield return (SecondHour, Report(tenant, SecondHour, 300, s => [Gpu(tenant, 0, "job-1", 300m), Gpu(tenant, 1, null, 200m)]));
        yield return (ThirdHour, Report(tenant, ThirdHour, 900, s => [Gpu(tenant, 0, "job-1", 300m)]));
    }

    /// <summary>
    /// The tenant's GPU 0 running job-1 at 300 W for the first second of each of <paramref name="hours"/> hours from
    /// 2 January 00:00Z: as many ledger events and accruals as hours, one GPU-second each.
    /// </summary>
    public static IEnumerable<GpuUsageReported> EveryHour(string tenant, int hours) =>
        Enumerable.Range(0, hours).Select(h => Report(tenant, EveryHourFrom.AddHours(h), 1, _ => [Gpu(tenant, 0, "job-1", 300m)], firstSequence: h));

    public static readonly DateTimeOffset EveryHourFrom = new(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

    /// <param name="firstSequence">The agent's sequence number of the hour's first second; by default its seconds since <see cref="FirstHour"/>.</param>
    private static GpuUsageReported Report(string tenant, DateTimeOffset hour, int seconds, Func<int, GpuSample[]> gpus, long? firstSequence = null) => new()
    {
        NodeId = NodeOf(tenant),
        Seconds = [.. Enumerable.Range(0, seconds).Select(s => new NodeSecond
        {
            Sequence = (firstSequence ?? (long)(hour - Usage.FirstHour).TotalSeconds) + s,
            Second = hour.AddSeconds(s),
            Gpus = gpus(s),
        })],
    };

    private static GpuSample Gpu(string tenant, int gpu, string? workload, decimal watts) => new()
    {
        GpuUuid = GpuOf(tenant, gpu),
        Model = BilledServices.Model,
        Allocation = workload is null ? null : new GpuAllocation(tenant, workload),
        UtilizationPercent = 90m,
        MemoryUsedMiB = 60_000,
        PowerWatts = watts,
    };
}
