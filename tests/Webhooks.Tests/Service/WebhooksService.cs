using System.Net.Http.Json;
using GpuBilling.Access;
using GpuBilling.Testing;
using Marten;
using MassTransit;
using Metering.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Deliveries;

namespace Webhooks.Tests.Service;

/// <summary>
/// The webhooks service in this process on a database and a virtual host of its own of the real
/// PostgreSQL and RabbitMQ, allowed to reach loopback (the test's receiver), on a retry schedule
/// of fractions of a second, with a bus of the test's own to publish notices as invoicing does.
/// </summary>
public class WebhooksService : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;

    public WebhooksService() : this("webhooks_service_tests") { }

    /// <summary>The database and the virtual host: one per fixture type, so test classes never share data.</summary>
    protected WebhooksService(string name) => Name = name;

    public string Name { get; }

    /// <summary>The application's services, its route table among them.</summary>
    public IServiceProvider Services => _factory.Services;

    public IBusControl Invoicing { get; private set; } = null!;
    public IDocumentStore Store => _factory.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        var database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        var settings = TestServers.ServiceSettings(database, Name);
        settings["Webhooks:AllowPrivateNetworks"] = "true";
        settings["Webhooks:PollInterval"] = "00:00:00.050";
        settings["Webhooks:RequestTimeout"] = "00:00:05";
        string[] schedule = ["00:00:00", "00:00:00.200", "00:00:00.200", "00:00:00.200"];
        for (var i = 0; i < schedule.Length; i++) settings[$"Webhooks:RetrySchedule:{i}"] = schedule[i];
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings) host.UseSetting(key, value);
        });
        _ = _factory.Server;
        await Queues.ConsumerReadyAsync(Name, PartnerEventConsumerDefinition.QueueName);

        Invoicing = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, Name, h =>
        {
            h.Username("guest");
            h.Password("guest");
        }));
        await Invoicing.StartAsync();
    }

    /// <summary>An invoice.finalized event as invoicing publishes it (<c>Invoicing.Invoices.PartnerEvents</c>), amounts as decimal strings.</summary>
    public static PartnerEvent Notice(string tenantId) => new()
    {
        EventId = Guid.NewGuid(),
        Type = PartnerEventTypes.InvoiceFinalized,
        TenantId = tenantId,
        OccurredAt = DateTimeOffset.UtcNow,
        Data = $$"""{"invoiceId":"{{tenantId}}@2025-03-01","invoiceNumber":"INV-2025-000042","currency":"EUR","subtotal":"1000.10","tax":"190.02","total":"1190.12"}""",
    };

    /// <summary>A client that authenticates as a new key of the given role and principal, granted <paramref name="grantedTenants"/>.</summary>
    public Task<HttpClient> ClientForAsync(string principalId, string role = Roles.Tenant, params string[] grantedTenants) =>
        TestKeys.ClientForAsync(_factory.Services, _factory.CreateDefaultClient, principalId, role, grantedTenants);

    public HttpClient AnonymousClient() => _factory.CreateClient();

    public async Task DisposeAsync()
    {
        await Invoicing.StopAsync();
        await _factory.DisposeAsync();
    }
}

public static class Json
{
    public static async Task<System.Text.Json.JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
}
