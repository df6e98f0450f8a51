using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests;

/// <summary>
/// A scheduler's key through the gateway, with invoicing running behind it as a real process: it
/// reads every tenant's standing, and every other route of the gateway's table, and the gateway's
/// own endpoints, refuse it at the gateway (so no service behind needs to be running to tell).
/// </summary>
public sealed class SchedulerKeyTests : IAsyncLifetime
{
    private const string Name = "gateway_scheduler_tests";
    private const string SigningKey = "gateway-scheduler-tests-signing-key-0123456789";
    private const string OperatorKey = "gateway-scheduler-tests-operator-key";
    private ServiceProcess? _invoicing;
    private ServiceProcess? _pricing;
    private WebApplicationFactory<Program>? _gateway;

    [Fact]
    public async Task A_scheduler_key_reads_standings_through_the_gateway_and_is_refused_on_every_other_route()
    {
        var operatorClient = Gateway(OperatorKey);
        var issued = await operatorClient.PostAsJsonAsync("/v1/keys", new { principalId = "slurm-controller", role = Roles.Scheduler });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var scheduler = Gateway((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);
        var card = await operatorClient.PostAsJsonAsync("/v1/rate-cards/rc-standard/versions", RateCard());
        Assert.True(card.StatusCode == HttpStatusCode.Created, await card.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutWhenCardKnownAsync("tenant-s", Account("tenant-s"))).StatusCode);

        var standing = await scheduler.GetAsync("/v1/standing/tenant-s");
        Assert.Equal(HttpStatusCode.OK, standing.StatusCode);
        Assert.Equal(("tenant-s", "ok", "EUR"), Fields(await standing.Content.ReadFromJsonAsync<JsonElement>(), "tenantId", "status", "currency"));
        Assert.Equal(HttpStatusCode.OK, (await scheduler.GetAsync("/v1/standing?limit=10")).StatusCode);

        var routes = _gateway!.Services.GetRequiredService<IConfiguration>().GetSection("ReverseProxy:Routes").GetChildren()
            .Where(r => r.Key != "standing")
            .Select(r => r["Match:Path"]!.Replace("{**rest}", "tenant-s", StringComparison.Ordinal))
            .Concat(["/v1/keys", "/v1/me", "/v1/tenants/tenant-s/grants"])
            .ToList();
        Assert.Contains("/v1/invoices/tenant-s", routes);
        var answers = new List<(string, HttpStatusCode)>();
        foreach (var path in routes) answers.Add((path, (await scheduler.GetAsync(path)).StatusCode));
        Assert.Equal(routes.Select(p => (p, HttpStatusCode.Forbidden)), answers);
    }

    /// <summary>A card in the account's currency, in force from the whole second a minute on: a version never takes effect before it is published.</summary>
    private static object RateCard() => new
    {
        currency = "EUR",
        effectiveFrom = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds()),
        terms = new
        {
            rates = new[]
            {
                new { key = new { gpuModel = "NVIDIA H100 80GB HBM3", migProfile = (string?)null, allocationClass = "on-demand" }, model = "per-unit", pricePerGpuHour = 3.20m, tiers = Array.Empty<object>() },
            },
        },
    };

    private static object Account(string tenant) => new
    {
        tenantId = tenant,
        currencyCode = "EUR",
        timeZoneId = "Europe/Berlin",
        anchorDay = 1,
        gracePeriod = "2.00:00:00",
        paymentTermsDays = 14,
        taxRate = "0.19",
        issuerId = "gpucloud-eu",
        rateCardId = "rc-standard",
        issuer = new { name = "GPU Cloud GmbH", address = new { lines = new[] { "Rechenweg 1" }, city = "Berlin", countryCode = "DE" }, taxId = "DE123456789" },
        customer = new { name = "Tenant S", address = new { lines = new[] { "Laborstraße 5" }, city = "Munich", countryCode = "DE" } },
    };

    private static (string?, string?, string?) Fields(JsonElement element, string a, string b, string c) =>
        (element.GetProperty(a).GetString(), element.GetProperty(b).GetString(), element.GetProperty(c).GetString());

    private HttpClient Gateway(string key)
    {
        var client = _gateway!.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    public async Task InitializeAsync()
    {
        var database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        var settings = TestServers.ServiceSettings(database, Name);
        settings["Access:GatewaySigningKey"] = SigningKey;

        var behindGateway = new Dictionary<string, string?>(settings);
        behindGateway.Remove("Access:AcceptApiKeys");
        _invoicing = ServiceProcess.Start("Invoicing", behindGateway);
        // Pricing publishes the account's rate card, which invoicing must have heard of.
        _pricing = ServiceProcess.Start("Pricing", behindGateway);
        await Task.WhenAll(_invoicing.ReadyAsync(), _pricing.ReadyAsync());

        settings["Access:SeedKeys:0:Key"] = OperatorKey;
        settings["Access:SeedKeys:0:PrincipalId"] = "alice@operations";
        settings["Access:SeedKeys:0:Role"] = Roles.Operator;
        settings["ReverseProxy:Clusters:invoicing:Destinations:local:Address"] = $"http://127.0.0.1:{_invoicing.Port}";
        settings["ReverseProxy:Clusters:pricing:Destinations:local:Address"] = $"http://127.0.0.1:{_pricing.Port}";
        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings) host.UseSetting(key, value);
        });
        _ = _gateway.Server;
    }

    /// <summary>Also after a failed start: whatever did start is stopped.</summary>
    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_invoicing is not null) await _invoicing.DisposeAsync();
        if (_pricing is not null) await _pricing.DisposeAsync();
    }
}
