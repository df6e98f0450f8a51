using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using GpuBilling.Access;
using GpuBilling.Testing;
using Invoicing.BillingAccounts;
using Invoicing.Invoices;
using Invoicing.Ledger;
using Invoicing.Ratings;
using Invoicing.Standing;
using Marten;
using MassTransit;
using Metering.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Invoicing.Tests.Service;

/// <summary>
/// The invoicing service in this process, on a database and a virtual host of its own of the real
/// PostgreSQL and RabbitMQ, on a clock the test moves. A bus of the test's own plays pricing and
/// metering: it publishes their messages and receives what invoicing publishes. One per test
/// class, because moving the clock moves it for every test that shares the service.
/// </summary>
public abstract class InvoicingService(string name, DateTimeOffset startsAt) : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Channel<BillingTermsSet> _termsSet = Channel.CreateUnbounded<BillingTermsSet>();
    private readonly System.Collections.Concurrent.ConcurrentQueue<PartnerEvent> _partnerEvents = new();
    private readonly HashSet<Guid> _ledgerEvents = [];
    private readonly ConsumedCount<PeriodRated> _ratings = new();
    private readonly ConsumedCount<ChargesEstimated> _estimates = new();
    private int _ratingsPublished;
    private int _estimatesPublished;
    private WebApplicationFactory<Program> _factory = null!;

    public string Name { get; } = name;

    public FakeTimeProvider Clock { get; } = new(startsAt);

    public string Database { get; private set; } = null!;

    /// <summary>Pricing and metering, as far as invoicing can tell.</summary>
    public IBusControl Neighbours { get; private set; } = null!;

    public ChannelReader<BillingTermsSet> TermsSet => _termsSet.Reader;

    /// <summary>The application's services, its route table among them.</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>Every partner event invoicing published so far, as the webhooks service would receive them.</summary>
    public IReadOnlyList<PartnerEvent> PartnerEvents => [.. _partnerEvents];

    public async Task InitializeAsync()
    {
        Database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        var settings = TestServers.ServiceSettings(Database, Name);
        settings["Invoicing:CloserInterval"] = "00:00:00.200";
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings) host.UseSetting(key, value);
            host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        });
        _factory.Services.GetRequiredService<IBus>().ConnectConsumeMessageObserver(_ratings);
        _factory.Services.GetRequiredService<IBus>().ConnectConsumeMessageObserver(_estimates);
        await Queues.ConsumerReadyAsync(Name, UsageRecordedConsumerDefinition.QueueName);
        await Queues.ConsumerReadyAsync(Name, PeriodRatedConsumerDefinition.QueueName);
        await Queues.ConsumerReadyAsync(Name, ChargesEstimatedConsumerDefinition.QueueName);

        Neighbours = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, Name, h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            rabbit.ReceiveEndpoint("pricing-under-test", e => e.Handler<BillingTermsSet>(c => _termsSet.Writer.WriteAsync(c.Message).AsTask()));
            rabbit.ReceiveEndpoint("webhooks-under-test", e => e.Handler<PartnerEvent>(c =>
            {
                _partnerEvents.Enqueue(c.Message);
                return Task.CompletedTask;
            }));
        });
        await Neighbours.StartAsync();
        await Queues.ConsumerReadyAsync(Name, RateCardAnnouncedConsumerDefinition.QueueName);
        await AnnounceAsync(("rc-standard", "USD"), ("rc-2026", "USD"));
    }

    /// <summary>Pricing's announcement of each card, once invoicing knows them all: the tests' accounts name them.</summary>
    public async Task AnnounceAsync(params (string Id, string Currency)[] cards)
    {
        await PublishAsync([.. cards.Select(c => new RateCardAnnounced
        {
            RateCardId = c.Id, Version = 1, Currency = c.Currency, EffectiveFrom = Clock.GetUtcNow(), PublishedAt = Clock.GetUtcNow(),
        })]);
        string[] ids = [.. cards.Select(c => c.Id)];
        await Eventually.AssertAsync(async () =>
            Assert.Equal(ids.Length, await ScalarAsync("select count(*) from invoicing.mt_doc_knownratecard where id = any($1)", [ids])));
    }

    public async Task PublishAsync<T>(params T[] messages) where T : class
    {
        foreach (var message in messages)
        {
            switch (message)
            {
                case PeriodRated: Interlocked.Increment(ref _ratingsPublished); break;
                case ChargesEstimated: Interlocked.Increment(ref _estimatesPublished); break;
                case UsageRecorded usage: lock (_ledgerEvents) _ledgerEvents.Add(usage.LedgerEventId); break;
            }
        }
        await Task.WhenAll(messages.Select(m => Neighbours.Publish(m)));
    }

    /// <summary>
    /// Until the service has consumed every rating and estimate and tallied every ledger event published to it
    /// so far: seen in the service, since the broker's queue statistics lag by seconds.
    /// </summary>
    public Task DrainedAsync() =>
        Eventually.AssertAsync(async () =>
        {
            Assert.Equal(Volatile.Read(ref _ratingsPublished), _ratings.Consumed);
            Assert.Equal(Volatile.Read(ref _estimatesPublished), _estimates.Consumed);
            Guid[] published;
            lock (_ledgerEvents) published = [.. _ledgerEvents];
            Assert.Equal(published.Length, await ScalarAsync(
                "select count(distinct ledger_event_id) from invoicing.ledger_tally where ledger_event_id = any($1)", published));
        });

    /// <summary>A client that authenticates as a new key of the given role and principal, granted <paramref name="grantedTenants"/>.</summary>
    public Task<HttpClient> ClientForAsync(string principalId, string role, params string[] grantedTenants) =>
        TestKeys.ClientForAsync(_factory.Services, _factory.CreateDefaultClient, principalId, role, grantedTenants);

    public HttpClient AnonymousClient() => _factory.CreateClient();

    public Task<HttpClient> OperatorAsync() => ClientForAsync("alice@finance", Roles.Operator);

    /// <summary>The invoice as the API shows it once it has reached <paramref name="status"/>.</summary>
    public static async Task<InvoiceView> InvoiceWhenAsync(HttpClient client, string invoiceId, InvoiceStatus status)
    {
        InvoiceView? invoice = null;
        await Eventually.AssertAsync(async () =>
        {
            invoice = await (await client.GetAsync($"/v1/invoices/{invoiceId}")).ReadAsync<InvoiceView>();
            Assert.Equal(status, invoice.Status);
        });
        return invoice!;
    }

    /// <summary>The invoice stream's event types in order, read straight from PostgreSQL.</summary>
    public async Task<List<string>> EventTypesAsync(string streamKey)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select type from invoicing.mt_events where stream_id = $1 order by version", connection);
        command.Parameters.AddWithValue(streamKey);
        var types = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) types.Add(reader.GetString(0));
        return types;
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public async Task DisposeAsync()
    {
        await Neighbours.StopAsync();
        await _factory.DisposeAsync();
    }
}

/// <summary>How many messages of a type the service's consumers have finished with.</summary>
public sealed class ConsumedCount<T> : IConsumeMessageObserver<T> where T : class
{
    private int _consumed;

    public int Consumed => Volatile.Read(ref _consumed);

    public Task PreConsume(ConsumeContext<T> context) => Task.CompletedTask;

    public Task PostConsume(ConsumeContext<T> context)
    {
        Interlocked.Increment(ref _consumed);
        return Task.CompletedTask;
    }

    public Task ConsumeFault(ConsumeContext<T> context, Exception exception) => Task.CompletedTask;
}

public static class HttpJson
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(InvoicingService.Json))!;

    /// <summary>JSON without layout, so an expectation can be written readably and compared exactly.</summary>
    public static string Compact(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString();
}
