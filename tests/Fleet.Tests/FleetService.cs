using System.Net.Http.Json;
using System.Text.Json;
using Fleet.CostCards;
using Fleet.Inventory;
using Fleet.Usage;
using GpuBilling.Access;
using GpuBilling.Testing;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fleet.Tests;

/// <summary>
/// The fleet service in this process, on a database and a virtual host of its own of the real
/// PostgreSQL and RabbitMQ, with a bus of the test's own standing in for metering (it publishes
/// sealed usage).
/// </summary>
public abstract class FleetService(string name) : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private WebApplicationFactory<Program> _factory = null!;

    public string Name { get; } = name;

    public IBusControl Metering { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public async Task InitializeAsync()
    {
        var database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        var settings = TestServers.ServiceSettings(database, Name);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings) host.UseSetting(key, value);
        });
        _ = _factory.Server;
        await Queues.ConsumerReadyAsync(Name, NodeUsageSealedConsumerDefinition.QueueName);

        Metering = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, Name, h =>
        {
            h.Username("guest");
            h.Password("guest");
        }));
        await Metering.StartAsync();
    }

    public Task<HttpClient> ClientForAsync(string principalId, string role, params string[] grantedTenants) =>
        TestKeys.ClientForAsync(_factory.Services, _factory.CreateDefaultClient, principalId, role, grantedTenants);

    public Task<HttpClient> OperatorAsync() => ClientForAsync("fleet-operator", Roles.Operator);

    public HttpClient AnonymousClient() => _factory.CreateClient();

    /// <summary>Registers a node's version through the API, as an operator does.</summary>
    public async Task RegisterAsync(string nodeId, RegisterNodeVersionRequest version)
    {
        var response = await (await OperatorAsync()).PostAsJsonAsync($"/v1/fleet/nodes/{nodeId}/versions", version, Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Publishes a cost card's version through the API, as an operator does: the terms travel in the shape the card answers them.</summary>
    public async Task PublishCardAsync(string supplierId, string currency, DateTimeOffset effectiveFrom, CostCardTerms terms)
    {
        var response = await (await OperatorAsync()).PostAsJsonAsync($"/v1/fleet/cost-cards/{supplierId}/versions", new { currency, effectiveFrom, terms }, Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until every message delivered to the fleet's queue is settled.</summary>
    public Task SettledAsync() =>
        Eventually.AssertAsync(async () => Assert.Equal(0, await Queues.DepthAsync(Name, NodeUsageSealedConsumerDefinition.QueueName)));

    public async Task DisposeAsync()
    {
        await Metering.StopAsync();
        await _factory.DisposeAsync();
    }
}
