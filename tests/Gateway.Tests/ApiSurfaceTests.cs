using System.Net;
using Gateway.ApiReference;
using GpuBilling.Access;
using GpuBilling.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gateway.Tests;

/// <summary>The gateway alone, with a seeded key of every role: its own routes need no service behind it.</summary>
public sealed class GatewayService : IAsyncLifetime
{
    private const string Name = "gateway_api_tests";
    private readonly RefusingPort _nowhere = new();
    private WebApplicationFactory<Program> _factory = null!;

    public static readonly IReadOnlyList<string> AllRoles = [Roles.Tenant, Roles.Partner, Roles.Operator, Roles.Auditor];

    public const string OwnTenant = "tenant-principal";
    public const string OtherTenant = "other-tenant";

    public IServiceProvider Services => _factory.Services;

    public async Task InitializeAsync()
    {
        var settings = TestServers.ServiceSettings(await TestServers.CreateDatabaseAsync(Name), Name);
        settings["Access:GatewaySigningKey"] = "gateway-api-tests-signing-key-0123456789";
        // Nothing behind it: a call a route forwards answers 502, one no route matches 404, and its
        // document can describe only its own routes.
        foreach (var cluster in ServicesBehindGateway.ClusterOf.Values)
            settings[$"ReverseProxy:Clusters:{cluster}:Destinations:local:Address"] = $"http://127.0.0.1:{_nowhere.Port}";
        for (var i = 0; i < AllRoles.Count; i++)
        {
            settings[$"Access:SeedKeys:{i}:Key"] = KeyOf(AllRoles[i]);
            settings[$"Access:SeedKeys:{i}:PrincipalId"] = $"{AllRoles[i]}-principal";
            settings[$"Access:SeedKeys:{i}:Role"] = AllRoles[i];
        }
        // Another tenant's grant, which no case may change.
        settings["Access:SeedKeys:3:Tenants:0"] = OtherTenant;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings) host.UseSetting(key, value);
        });
        _ = _factory.Server;
    }

    private static string KeyOf(string role) => $"gateway-api-tests-{role}-key";

    public HttpClient ClientOf(string role)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, KeyOf(role));
        return client;
    }

    public HttpClient AnonymousClient() => _factory.CreateClient();

    public async Task DisposeAsync()
    {
        _nowhere.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
    }
}

/// <summary>
/// The gateway's own API (keys, grants) as its route table serves it: described by the OpenAPI document,
/// and every route refusing the roles it does not admit and malformed input. The routes it forwards
/// have no method of their own in its route table; the services behind it describe and test them,
/// and <see cref="WholeApiTests"/> the document that joins them.
/// </summary>
public class ApiSurfaceTests(GatewayService gateway) : IClassFixture<GatewayService>
{
    private static HttpRequestMessage Send(HttpMethod method, string uri, string? json = null) =>
        new(method, uri) { Content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    private IsolationCase[] Cases =>
    [
        new(new("POST", "/v1/keys"), Roles.Operator)
        {
            Request = () => Send(HttpMethod.Post, "/v1/keys", "{}"),
            Malformed = new(() => Send(HttpMethod.Post, "/v1/keys", """{"principalId":7,"role":"tenant"}"""), "principalId"),
        },
        new(new("GET", "/v1/keys"), Roles.Operator)
        {
            Request = () => Send(HttpMethod.Get, "/v1/keys"),
            NoMalformedInput = "its only input, principalId, is any text",
        },
        new(new("DELETE", "/v1/keys/{keyId}"), Roles.Operator)
        {
            Request = () => Send(HttpMethod.Delete, "/v1/keys/unknown"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("GET", "/v1/tenants/{tenantId}/grants"), Roles.Tenant, Roles.Operator)
        {
            Request = () => Send(HttpMethod.Get, $"/v1/tenants/{GatewayService.OwnTenant}/grants"),
            OnAnotherTenant = () => Send(HttpMethod.Get, $"/v1/tenants/{GatewayService.OtherTenant}/grants"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id); a tenant nobody granted has no grants",
        },
        new(new("PUT", "/v1/tenants/{tenantId}/grants/{role}/{principalId}"), Roles.Tenant, Roles.Operator)
        {
            Request = () => Send(HttpMethod.Put, $"/v1/tenants/{GatewayService.OwnTenant}/grants/partner/partner-principal"),
            OnAnotherTenant = () => Send(HttpMethod.Put, $"/v1/tenants/{GatewayService.OtherTenant}/grants/partner/intruder"),
            StateOfAnotherTenant = OtherTenantsGrantsAsync,
            Malformed = new(() => Send(HttpMethod.Put, $"/v1/tenants/{GatewayService.OwnTenant}/grants/superuser/partner-principal"), "role"),
        },
        new(new("DELETE", "/v1/tenants/{tenantId}/grants/{role}/{principalId}"), Roles.Tenant, Roles.Operator)
        {
            Request = () => Send(HttpMethod.Delete, $"/v1/tenants/{GatewayService.OwnTenant}/grants/auditor/nobody"),
            OnAnotherTenant = () => Send(HttpMethod.Delete, $"/v1/tenants/{GatewayService.OtherTenant}/grants/auditor/auditor-principal"),
            StateOfAnotherTenant = OtherTenantsGrantsAsync,
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id); a grant never given is 404",
        },
        new(new("GET", "/v1/me"), Roles.Tenant, Roles.Partner, Roles.Auditor, Roles.Operator)
        {
            Request = () => Send(HttpMethod.Get, "/v1/me"),
            NoMalformedInput = "it takes no input",
        },
    ];

    private Task<string> OtherTenantsGrantsAsync() =>
        gateway.ClientOf(Roles.Operator).GetStringAsync($"/v1/tenants/{GatewayService.OtherTenant}/grants");

    [Fact]
    public async Task The_OpenAPI_document_is_valid_and_describes_exactly_the_routes_served() =>
        Assert.Empty(await ApiSurface.DocumentProblemsAsync(gateway.AnonymousClient(), gateway.Services));

    [Fact]
    public async Task Alone_its_document_names_every_service_as_missing()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await gateway.AnonymousClient().GetStringAsync("/openapi/v1.json"))!;

        Assert.Equal(ServicesBehindGateway.ClusterOf.Values.Order(StringComparer.Ordinal),
            document[WholeApiDocument.MissingServicesExtension]!.AsObject().Select(service => service.Key));
        Assert.StartsWith("Not described at the moment, because their documents could not be read: audit, fleet, invoicing, metering, pricing, webhooks.",
            (string)document["info"]!["description"]!);
    }

    [Fact]
    public async Task Its_reference_page_reads_the_whole_APIs_document_from_the_gateway()
    {
        var page = await gateway.AnonymousClient().GetAsync("/reference/");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("\"url\":\"openapi/v1.json\"", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Every_route_has_an_isolation_case() =>
        Assert.Empty(Isolation.UncoveredRoutes(ApiSurface.RoutesOf(gateway.Services), Cases));

    /// <summary>A list lives at its prefix itself (`/v1/rate-cards`): the prefix's catch-all route must forward it too.</summary>
    [Theory]
    [InlineData("GET", "/v1/rate-cards")]
    [InlineData("GET", "/v1/billing-accounts")]
    [InlineData("GET", "/v1/invoices")]
    [InlineData("GET", "/v1/usage-without-account")]
    [InlineData("POST", "/v1/credits/acme/top-ups")]
    [InlineData("GET", "/v1/credit-liability")]
    [InlineData("GET", "/v1/usage")]
    [InlineData("PATCH", "/v1/webhooks/subscriptions/whsub_any")]
    public async Task A_route_at_a_service_prefix_is_forwarded_to_it(string method, string path)
    {
        var client = gateway.ClientOf(Roles.Operator);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/not-a-service"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
    }

    [Fact]
    public async Task Every_route_refuses_other_roles_and_malformed_input()
    {
        var keys = GatewayService.AllRoles.ToDictionary(role => role, gateway.ClientOf);
        Assert.Empty(await Isolation.FailuresAsync(Cases, gateway.AnonymousClient(), keys, Isolation.ScopedRoles));
    }
}
