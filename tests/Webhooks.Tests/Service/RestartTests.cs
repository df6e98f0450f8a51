using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.Testing;
using MassTransit;
using Webhooks.Deliveries;

namespace Webhooks.Tests.Service;

/// <summary>
/// The webhooks service as a real process, killed with SIGKILL while a partner's endpoint is
/// still holding a delivery's request, then started again: the delivery is not lost, it is sent
/// again with the same webhook-id (so the partner can tell it is the same message) and delivered.
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    private const string Name = "webhooks_restart_tests";
    private const string Tenant = "restart-tenant";
    private const string PartnerKey = "restart-partner-key";
    private Dictionary<string, string?> _settings = null!;
    private IBusControl _invoicing = null!;

    [Fact]
    public async Task A_delivery_in_flight_when_the_service_is_killed_is_sent_again_with_the_same_webhook_id_after_the_restart()
    {
        await using var receiver = await Receiver.StartHoldingFirstAsync();
        var webhooks = await StartAsync();
        using var partner = Partner(webhooks);
        var created = await partner.PostAsJsonAsync("/v1/webhooks/subscriptions", new { url = receiver.Url.ToString(), eventTypes = new[] { "invoice.finalized" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var subscriptionId = body.GetProperty("subscription").GetProperty("id").GetString()!;
        receiver.Secrets.Add(body.GetProperty("secret").GetString()!);

        await _invoicing.Publish(WebhooksService.Notice(Tenant));
        await receiver.Holding.WaitAsync(TimeSpan.FromMinutes(2));
        await webhooks.DisposeAsync(); // SIGKILL: the attempt was never saved

        await using var restarted = await StartAsync();
        using var partnerAfterRestart = Partner(restarted);
        JsonElement delivery = default;
        await Eventually.AssertAsync(async () =>
        {
            delivery = Assert.Single((await partnerAfterRestart.GetFromJsonAsync<JsonElement>($"/v1/webhooks/subscriptions/{subscriptionId}/deliveries")).EnumerateArray());
            Assert.Equal("Delivered", delivery.GetProperty("state").GetString());
        }, TimeSpan.FromMinutes(2));

        var requests = receiver.Requests.ToList();
        Assert.Equal([0, 200], requests.Select(r => r.AnsweredWith));
        Assert.Equal([delivery.GetProperty("id").GetString()!], requests.Select(r => r.Id).Distinct());
        Assert.All(requests, r => Assert.Single(r.VerifiedWith));
        Assert.Equal([200], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("status").GetInt32()));
    }

    private async Task<ServiceProcess> StartAsync()
    {
        var webhooks = ServiceProcess.Start("Webhooks", _settings);
        await webhooks.ReadyAsync();
        await Queues.ConsumerReadyAsync(Name, PartnerEventConsumerDefinition.QueueName);
        return webhooks;
    }

    private static HttpClient Partner(ServiceProcess webhooks) => new()
    {
        BaseAddress = webhooks.Address,
        DefaultRequestHeaders = { { ApiKeyAuthenticationHandler.HeaderName, PartnerKey } },
    };

    public async Task InitializeAsync()
    {
        var database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        _settings = TestServers.ServiceSettings(database, Name);
        _settings["Webhooks:AllowPrivateNetworks"] = "true";
        _settings["Webhooks:PollInterval"] = "00:00:00.100";
        // Long enough that the held request is still in flight when the process is killed.
        _settings["Webhooks:RequestTimeout"] = "00:05:00";
        _settings["Access:SeedKeys:0:Key"] = PartnerKey;
        _settings["Access:SeedKeys:0:PrincipalId"] = "partner@integrations";
        _settings["Access:SeedKeys:0:Role"] = Roles.Partner;
        _settings["Access:SeedKeys:0:Tenants:0"] = Tenant;
        _invoicing = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, Name, h =>
        {
            h.Username("guest");
            h.Password("guest");
        }));
        await _invoicing.StartAsync();
    }

    public async Task DisposeAsync() => await _invoicing.StopAsync();
}
