using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using GpuBilling.Access;
using GpuBilling.Testing;
using Marten;
using MassTransit;
using Metering.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pricing.Accrual;
using Pricing.Estimates;
using Pricing.RateCards;
using Pricing.Tenants;

namespace Pricing.Tests;

/// <summary>
/// The pricing service in this process, on a database and a virtual host of its own of the real
/// PostgreSQL and RabbitMQ, with a bus of the test's own standing in for metering (it publishes
/// usage) and invoicing (it publishes terms and receives rated periods). The clock stands still
/// at <see cref="Now"/>, so rate cards can take effect before the usage the tests replay.
/// </summary>
public abstract class PricingService(string name) : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How the HTTP API writes JSON: web defaults, enums as kebab-case words.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly ConcurrentQueue<PeriodRated> _rated = new();
    private readonly ConcurrentQueue<string> _unbilled = new();
    private readonly ConcurrentQueue<ChargesEstimated> _estimated = new();
    private readonly ConcurrentQueue<RateCardAnnounced> _announced = new();
    private Dictionary<string, string?> _settings = [];
    private WebApplicationFactory<Program> _factory = null!;
    private MeterListener? _meters;

    /// <summary>The database and the virtual host: one per fixture type, so test classes never share data.</summary>
    public string Name { get; } = name;

    public IBusControl Bus { get; private set; } = null!;

    public IDocumentStore Store => _factory.Services.GetRequiredService<IDocumentStore>();

    /// <summary>The application's services, its route table among them.</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>The reason of every usage parked so far, as the `pricing.usage.unbilled` metric counted it.</summary>
    public IReadOnlyCollection<string> UnbilledReasonsCounted => _unbilled;

    public async Task InitializeAsync()
    {
        var database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);

        // Bound before pricing starts, so no rated period is published to an exchange nobody listens to.
        Bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, Name, h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            rabbit.ReceiveEndpoint("invoicing-under-test", e =>
            {
                e.Handler<PeriodRated>(c =>
                {
                    _rated.Enqueue(c.Message);
                    return Task.CompletedTask;
                });
                e.Handler<ChargesEstimated>(c =>
                {
                    _estimated.Enqueue(c.Message);
                    return Task.CompletedTask;
                });
                e.Handler<RateCardAnnounced>(c =>
                {
                    _announced.Enqueue(c.Message);
                    return Task.CompletedTask;
                });
            });
        });
        await Bus.StartAsync();

        await BeforeStartAsync(database);
        _settings = TestServers.ServiceSettings(database, Name);
        _settings["Pricing:PeriodOpenerInterval"] = "00:00:00.500";
        _factory = await StartInstanceAsync();
        ListenToUnbilledMetric(_factory.Services.GetRequiredService<IMeterFactory>());
    }

    /// <summary>Runs on the fixture's new database before the service first starts: data as an earlier pricing left it, say.</summary>
    protected virtual Task BeforeStartAsync(string connectionString) => Task.CompletedTask;

    /// <summary>An instance of the service on this fixture's database and virtual host; the fixture starts one, a test may start more.</summary>
    public async Task<WebApplicationFactory<Program>> StartInstanceAsync()
    {
        var instance = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in _settings) host.UseSetting(key, value);
            host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedClock(Now)));
        });
        _ = instance.Server;
        await Queues.ConsumerReadyAsync(Name, UsageRecordedConsumerDefinition.QueueName);
        await Queues.ConsumerReadyAsync(Name, BillingTermsSetConsumerDefinition.QueueName);
        await Queues.ConsumerReadyAsync(Name, UsageObservedConsumerDefinition.QueueName);
        return instance;
    }

    /// <summary>Only this service's meters: other test classes run their own services in the same process.</summary>
    private void ListenToUnbilledMetric(IMeterFactory meters)
    {
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "pricing.usage.unbilled") listener.EnableMeasurementEvents(instrument);
            },
        };
        _meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "reason") _unbilled.Enqueue((string)tag.Value!);
        });
        _meters.Start();
    }

    public Task PublishAsync<T>(params T[] messages) where T : class =>
        Task.WhenAll(messages.Select(m => Bus.Publish(m)));

    /// <summary>The latest rating of an accrual stream received so far (totals only grow, so the highest version).</summary>
    public PeriodRated? Latest(string accrualStream) =>
        _rated.Where(r => r.AccrualStream == accrualStream).MaxBy(r => r.TotalsVersion);

    public IEnumerable<PeriodRated> RatedFor(string tenantId) => _rated.Where(r => r.TenantId == tenantId);

    /// <summary>Every rate card version announced so far, as invoicing receives them.</summary>
    public IReadOnlyList<RateCardAnnounced> Announced => [.. _announced];

    /// <summary>The tenant's estimates received so far, in the order they arrived.</summary>
    public IEnumerable<ChargesEstimated> EstimatesFor(string tenantId) => _estimated.Where(e => e.TenantId == tenantId);

    /// <summary>A client that authenticates as a new key of the given role and principal, granted <paramref name="grantedTenants"/>.</summary>
    public Task<HttpClient> ClientForAsync(string principalId, string role, params string[] grantedTenants) =>
        TestKeys.ClientForAsync(_factory.Services, _factory.CreateDefaultClient, principalId, role, grantedTenants);

    public HttpClient AnonymousClient() => _factory.CreateClient();

    /// <summary>Publishes a rate card version through the API, as an operator does.</summary>
    public async Task PublishCardAsync(string cardId, RateCardTerms terms, string currency = "USD", DateTimeOffset? effectiveFrom = null)
    {
        var client = await ClientForAsync("finance-operator", Roles.Operator);
        var response = await client.PostAsJsonAsync($"/v1/rate-cards/{cardId}/versions",
            new PublishRateCardVersionRequest(currency, effectiveFrom ?? Now, terms), Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<TenantTerms?> TermsOfAsync(string tenantId)
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<TenantTerms>(tenantId);
    }

    /// <summary>Publishes a tenant's terms and waits until pricing keeps them.</summary>
    public async Task SetTermsAsync(BillingTermsSet terms)
    {
        await PublishAsync(terms);
        await Eventually.AssertAsync(async () => Assert.Equal(terms.AccountVersion, (await TermsOfAsync(terms.TenantId))?.AccountVersion));
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = _factory.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task<IReadOnlyList<UnbilledUsage>> UnbilledAsync(string tenantId)
    {
        await using var session = Store.QuerySession();
        return await session.Query<UnbilledUsage>().Where(u => u.TenantId == tenantId).ToListAsync();
    }

    public async Task DisposeAsync()
    {
        _meters?.Dispose();
        await Bus.StopAsync();
        await _factory.DisposeAsync();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>Ledger events and billing terms as metering and invoicing publish them.</summary>
internal static class Messages
{
    public static UsageRecorded LedgerEvent(DateTimeOffset hour, params AllocatedUsage[] usage) => new()
    {
        LedgerEventId = Guid.NewGuid(),
        LedgerStream = $"node-1@{hour.UtcDateTime:yyyy-MM-ddTHH}Z",
        NodeId = "node-1",
        Hour = hour,
        Usage = usage,
    };

    public static AllocatedUsage Held(string tenantId, string seconds, string model = "H100", string? migProfile = null,
        string allocationClass = AllocationClasses.OnDemand, string gpu = "GPU-a", decimal joules = 0m) => new()
    {
        TenantId = tenantId,
        WorkloadId = "job-1",
        GpuUuid = gpu,
        Model = model,
        MigProfile = migProfile,
        AllocationClass = allocationClass,
        Seconds = seconds,
        GpuSeconds = Runs.Parse(seconds).Count(),
        EnergyJoules = joules,
    };

    public static BillingTermsSet Terms(
        string tenantId, string rateCardId, string zone = "UTC", int anchorDay = 1, long accountVersion = 1, string currency = "USD") => new()
    {
        TenantId = tenantId,
        AccountVersion = accountVersion,
        TimeZoneId = zone,
        AnchorDay = anchorDay,
        CurrencyCode = currency,
        RateCardId = rateCardId,
        OccurredAt = PricingService.Now,
    };
}
