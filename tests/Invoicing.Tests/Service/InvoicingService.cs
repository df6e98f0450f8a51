using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Invoicing.Ledger;
using Invoicing.Ratings;
using Marten;
using MassTransit;
using Metering.Contracts;
using Metering.ServiceDefaults;
using Metering.Testing;
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
    private WebApplicationFactory<Program> _factory = null!;

    public string Name { get; } = name;

    public FakeTimeProvider Clock { get; } = new(startsAt);

    public string Database { get; private set; } = null!;

    /// <summary>Pricing and metering, as far as invoicing can tell.</summary>
    public IBusControl Neighbours { get; private set; } = null!;

    public ChannelReader<BillingTermsSet> TermsSet => _termsSet.Reader;

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
        _ = _factory.Server;
        await Queues.ConsumerReadyAsync(Name, UsageRecordedConsumerDefinition.QueueName);
        await Queues.ConsumerReadyAsync(Name, PeriodRatedConsumerDefinition.QueueName);

        Neighbours = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, Name, h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            rabbit.ReceiveEndpoint("pricing-under-test", e => e.Handler<BillingTermsSet>(c => _termsSet.Writer.WriteAsync(c.Message).AsTask()));
        });
        await Neighbours.StartAsync();
    }

    public Task PublishAsync<T>(params T[] messages) where T : class =>
        Task.WhenAll(messages.Select(m => Neighbours.Publish(m)));

    /// <summary>Until the service has taken every message published to it so far.</summary>
    public Task DrainedAsync() =>
        Eventually.AssertAsync(async () =>
        {
            Assert.Equal(0, await Queues.DepthAsync(Name, PeriodRatedConsumerDefinition.QueueName));
            Assert.Equal(0, await Queues.DepthAsync(Name, UsageRecordedConsumerDefinition.QueueName));
        });

    /// <summary>A client that authenticates as a new key of the given role and principal.</summary>
    public async Task<HttpClient> ClientForAsync(string principalId, string role)
    {
        var key = $"test-key-{Guid.NewGuid():N}";
        await using (var session = _factory.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(ApiKey.For(key, principalId, role, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public HttpClient AnonymousClient() => _factory.CreateClient();

    public Task<HttpClient> OperatorAsync() => ClientForAsync("alice@finance", Roles.Operator);

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

public static class HttpJson
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(InvoicingService.Json))!;
}
