using System.Net;
using System.Net.Http.Json;
using GpuBilling.Access;
using GpuBilling.Testing;

namespace Webhooks.Tests.Service;

public sealed class WebhooksApiService() : WebhooksService("webhooks_api_tests");

/// <summary>
/// The webhooks API as its route table serves it: described by the OpenAPI document, and every
/// route refusing the roles it does not admit, another tenant's subscriptions (404, as if they did
/// not exist, and unchanged), and malformed input (a problem naming the field).
/// </summary>
public class ApiSurfaceTests(WebhooksApiService service) : IClassFixture<WebhooksApiService>
{
    private const string OwnTenant = "tenant-a";
    private const string OtherTenant = "tenant-b";

    private static HttpRequestMessage Get(string uri) => new(HttpMethod.Get, uri);

    private static HttpRequestMessage Post(string uri, object? body = null) =>
        new(HttpMethod.Post, uri) { Content = body is null ? null : JsonContent.Create(body) };

    private static HttpRequestMessage PostJson(string uri, string json) =>
        new(HttpMethod.Post, uri) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    private static HttpRequestMessage PatchJson(string uri, string json) =>
        new(HttpMethod.Patch, uri) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    /// <summary>One case per route: who may call it and, for another tenant's subscription and delivery, what must answer 404.</summary>
    private static IsolationCase[] Cases(string otherSubscription, string otherDelivery, Func<Task<string>> otherTenantState) =>
    [
        new(new("POST", "/v1/webhooks/subscriptions"), Roles.Tenant, Roles.Partner, Roles.Operator)
        {
            Request = () => Post("/v1/webhooks/subscriptions", new { url = "https://hooks.example.com/in" }),
            Malformed = new(() => PostJson("/v1/webhooks/subscriptions", """{"url":"https://hooks.example.com/in","eventTypes":"invoice.finalized"}"""), "eventTypes"),
        },
        new(new("GET", "/v1/webhooks/subscriptions"), Roles.Tenant, Roles.Partner, Roles.Operator)
        {
            Request = () => Get("/v1/webhooks/subscriptions"),
            NoMalformedInput = "its only input, tenantId, is any text and is ignored but for operators",
        },
        new(new("GET", "/v1/webhooks/subscriptions/{id}"), Roles.Tenant, Roles.Partner, Roles.Operator)
        {
            Request = () => Get("/v1/webhooks/subscriptions/whsub_00000000000000000000000000000000"),
            OnAnotherTenant = () => Get($"/v1/webhooks/subscriptions/{otherSubscription}"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("PATCH", "/v1/webhooks/subscriptions/{id}"), Roles.Tenant, Roles.Partner, Roles.Operator)
        {
            Request = () => PatchJson("/v1/webhooks/subscriptions/whsub_00000000000000000000000000000000", """{"url":"https://hooks.example.com/moved"}"""),
            OnAnotherTenant = () => PatchJson($"/v1/webhooks/subscriptions/{otherSubscription}", """{"url":"https://hooks.example.com/moved"}"""),
            StateOfAnotherTenant = otherTenantState,
            Malformed = new(() => PatchJson("/v1/webhooks/subscriptions/whsub_00000000000000000000000000000000", """{"eventTypes":"invoice.voided"}"""), "eventTypes"),
        },
        new(new("DELETE", "/v1/webhooks/subscriptions/{id}"), Roles.Tenant, Roles.Partner, Roles.Operator)
        {
            Request = () => new(HttpMethod.Delete, "/v1/webhooks/subscriptions/whsub_00000000000000000000000000000000"),
            OnAnotherTenant = () => new(HttpMethod.Delete, $"/v1/webhooks/subscriptions/{otherSubscription}"),
            StateOfAnotherTenant = otherTenantState,
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("POST", "/v1/webhooks/subscriptions/{id}/rotate-secret"), Roles.Tenant, Roles.Partner, Roles.Operator)
        {
            Request = () => Post("/v1/webhooks/subscriptions/whsub_00000000000000000000000000000000/rotate-secret"),
            OnAnotherTenant = () => Post($"/v1/webhooks/subscriptions/{otherSubscription}/rotate-secret"),
            StateOfAnotherTenant = otherTenantState,
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("POST", "/v1/webhooks/subscriptions/{id}/enable"), Roles.Tenant, Roles.Partner, Roles.Operator)
        {
            Request = () => Post("/v1/webhooks/subscriptions/whsub_00000000000000000000000000000000/enable"),
            OnAnotherTenant = () => Post($"/v1/webhooks/subscriptions/{otherSubscription}/enable"),
            StateOfAnotherTenant = otherTenantState,
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("GET", "/v1/webhooks/subscriptions/{id}/deliveries"), Roles.Tenant, Roles.Partner, Roles.Operator)
        {
            Request = () => Get("/v1/webhooks/subscriptions/whsub_00000000000000000000000000000000/deliveries"),
            OnAnotherTenant = () => Get($"/v1/webhooks/subscriptions/{otherSubscription}/deliveries"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("POST", "/v1/webhooks/deliveries/{id}/replay"), Roles.Tenant, Roles.Partner, Roles.Operator)
        {
            Request = () => Post("/v1/webhooks/deliveries/msg_00000000000000000000000000000000/replay"),
            OnAnotherTenant = () => Post($"/v1/webhooks/deliveries/{otherDelivery}/replay"),
            StateOfAnotherTenant = otherTenantState,
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
    ];

    [Fact]
    public async Task The_OpenAPI_document_is_valid_and_describes_exactly_the_routes_served() =>
        Assert.Empty(await ApiSurface.DocumentProblemsAsync(service.AnonymousClient(), service.Services));

    /// <summary>Shared wiring, so checked once: the page and its script come from the service itself, no fonts from a CDN, no telemetry.</summary>
    [Fact]
    public async Task The_reference_page_is_served_anonymously_with_its_script_and_nothing_from_elsewhere()
    {
        var client = service.AnonymousClient();
        var page = await client.GetAsync("/reference/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"scalar.js\"></script>", html);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html);
        Assert.Contains("\"withDefaultFonts\":false", html);
        Assert.Contains("\"telemetry\":false", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        var script = await client.GetAsync("/reference/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    [Fact]
    public void Every_route_has_an_isolation_case() =>
        Assert.Empty(Isolation.UncoveredRoutes(ApiSurface.RoutesOf(service.Services), Cases("", "", () => Task.FromResult(""))));

    [Fact]
    public async Task Every_route_refuses_other_roles_other_tenants_and_malformed_input()
    {
        await using var receiver = await Receiver.StartAsync();
        var owner = await service.ClientForAsync(OtherTenant, Roles.Tenant);
        var created = await owner.PostAsJsonAsync("/v1/webhooks/subscriptions", new { url = receiver.Url.ToString() });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = (await created.ReadJsonAsync()).GetProperty("subscription").GetProperty("id").GetString()!;
        await service.Invoicing.Publish(WebhooksService.Notice(OtherTenant));
        var delivery = "";
        await Eventually.AssertAsync(async () =>
        {
            var only = Assert.Single((await (await owner.GetAsync($"/v1/webhooks/subscriptions/{subscription}/deliveries")).ReadJsonAsync()).EnumerateArray());
            Assert.Equal("Delivered", only.GetProperty("state").GetString());
            delivery = only.GetProperty("id").GetString()!;
        });
        // Everything of the other tenant a refused request could change: its subscription (secret
        // rotation shows in previousSecretExpiresAt) and its deliveries (a replay resets the state).
        async Task<string> OtherTenantState() =>
            await (await owner.GetAsync($"/v1/webhooks/subscriptions/{subscription}")).Content.ReadAsStringAsync()
            + await (await owner.GetAsync($"/v1/webhooks/subscriptions/{subscription}/deliveries")).Content.ReadAsStringAsync();

        var keys = await Isolation.KeysAsync(service.ClientForAsync, OwnTenant);
        Assert.Empty(await Isolation.FailuresAsync(Cases(subscription, delivery, OtherTenantState), service.AnonymousClient(), keys, Isolation.ScopedRoles));
    }
}
