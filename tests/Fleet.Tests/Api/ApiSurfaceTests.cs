using GpuBilling.Access;
using GpuBilling.Testing;

namespace Fleet.Tests.Api;

public sealed class FleetApiService() : FleetService("fleet_api_tests");

/// <summary>
/// The fleet's API as its route table serves it: described by the OpenAPI document, and every route
/// refusing the roles it does not admit and malformed input. Inventory, supplier costs and the checks
/// over them belong to the operator; a tenant reaches only its own efficiency and idle settings.
/// </summary>
public class ApiSurfaceTests(FleetApiService service) : IClassFixture<FleetApiService>
{
    private static HttpRequestMessage Get(string uri) => new(HttpMethod.Get, uri);

    private static HttpRequestMessage PostJson(string uri, string json) =>
        new(HttpMethod.Post, uri) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    private static HttpRequestMessage PutJson(string uri, string json) =>
        new(HttpMethod.Put, uri) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    private const string Period = "from=2026-02-01T00:00:00Z&to=2026-02-02T00:00:00Z";

    private static readonly IsolationCase[] Cases =
    [
        new(new("POST", "/v1/fleet/nodes/{nodeId}/versions"), Roles.Operator)
        {
            Request = () => PostJson("/v1/fleet/nodes/iso-node/versions", "{}"),
            Malformed = new(() => PostJson("/v1/fleet/nodes/iso-node/versions", """{"effectiveFrom":"next tuesday"}"""), "effectiveFrom"),
        },
        new(new("GET", "/v1/fleet/nodes"), Roles.Operator)
        {
            Request = () => Get("/v1/fleet/nodes"),
            Malformed = new(() => Get("/v1/fleet/nodes?limit=0"), "limit"),
        },
        new(new("GET", "/v1/fleet/nodes/{nodeId}"), Roles.Operator)
        {
            Request = () => Get("/v1/fleet/nodes/iso-node"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("GET", "/v1/fleet/inventory-check"), Roles.Operator)
        {
            Request = () => Get($"/v1/fleet/inventory-check?{Period}"),
            Malformed = new(() => Get("/v1/fleet/inventory-check?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), "to"),
        },
        new(new("POST", "/v1/fleet/cost-cards/{supplierId}/versions"), Roles.Operator)
        {
            Request = () => PostJson("/v1/fleet/cost-cards/iso-supplier/versions", "{}"),
            Malformed = new(() => PostJson("/v1/fleet/cost-cards/iso-supplier/versions", """{"currency":"USD","effectiveFrom":"soon"}"""), "effectiveFrom"),
        },
        new(new("GET", "/v1/fleet/cost-cards/{supplierId}"), Roles.Operator)
        {
            Request = () => Get("/v1/fleet/cost-cards/iso-supplier"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("GET", "/v1/fleet/costs"), Roles.Operator)
        {
            Request = () => Get($"/v1/fleet/costs?{Period}"),
            Malformed = new(() => Get($"/v1/fleet/costs?{Period}&groupBy=colour"), "groupBy"),
        },
        new(new("GET", "/v1/fleet/efficiency"), Roles.Operator)
        {
            Request = () => Get($"/v1/fleet/efficiency?{Period}"),
            Malformed = new(() => Get($"/v1/fleet/efficiency?{Period}&groupBy=colour"), "groupBy"),
        },
        new(new("GET", "/v1/fleet/efficiency/top"), Roles.Operator)
        {
            Request = () => Get($"/v1/fleet/efficiency/top?{Period}"),
            Malformed = new(() => Get($"/v1/fleet/efficiency/top?{Period}&by=tenant"), "by"),
        },
        new(new("GET", "/v1/fleet/efficiency/settings"), Roles.Operator)
        {
            Request = () => Get("/v1/fleet/efficiency/settings"),
            NoMalformedInput = "no input",
        },
        new(new("PUT", "/v1/fleet/efficiency/settings"), Roles.Operator)
        {
            Request = () => PutJson("/v1/fleet/efficiency/settings", """{"idleBelowPercent":5}"""),
            Malformed = new(() => PutJson("/v1/fleet/efficiency/settings", """{"idleBelowPercent":"ten"}"""), "idleBelowPercent"),
        },
        new(new("GET", "/v1/fleet/tenants/{tenantId}/efficiency"), Roles.Tenant, Roles.Operator)
        {
            Request = () => Get($"/v1/fleet/tenants/tenant-a/efficiency?{Period}"),
            OnAnotherTenant = () => Get($"/v1/fleet/tenants/tenant-b/efficiency?{Period}"),
            Malformed = new(() => Get($"/v1/fleet/tenants/tenant-a/efficiency?{Period}&groupBy=supplier"), "groupBy"),
        },
        new(new("GET", "/v1/fleet/tenants/{tenantId}/idle-gpus"), Roles.Tenant, Roles.Operator)
        {
            Request = () => Get($"/v1/fleet/tenants/tenant-a/idle-gpus?{Period}"),
            OnAnotherTenant = () => Get($"/v1/fleet/tenants/tenant-b/idle-gpus?{Period}"),
            Malformed = new(() => Get($"/v1/fleet/tenants/tenant-a/idle-gpus?{Period}&format=xml"), "format"),
        },
        new(new("GET", "/v1/fleet/tenants/{tenantId}/idle-settings"), Roles.Tenant, Roles.Operator)
        {
            Request = () => Get("/v1/fleet/tenants/tenant-a/idle-settings"),
            OnAnotherTenant = () => Get("/v1/fleet/tenants/tenant-b/idle-settings"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("PUT", "/v1/fleet/tenants/{tenantId}/idle-settings"), Roles.Tenant, Roles.Operator)
        {
            Request = () => PutJson("/v1/fleet/tenants/tenant-a/idle-settings", """{"alertAfterSeconds":600}"""),
            OnAnotherTenant = () => PutJson("/v1/fleet/tenants/tenant-b/idle-settings", """{"alertAfterSeconds":1}"""),
            Malformed = new(() => PutJson("/v1/fleet/tenants/tenant-a/idle-settings", """{"alertAfterSeconds":"soon"}"""), "alertAfterSeconds"),
        },
        new(new("GET", "/v1/fleet/margin"), Roles.Operator)
        {
            Request = () => Get($"/v1/fleet/margin?{Period}"),
            Malformed = new(() => Get($"/v1/fleet/margin?{Period}&groupBy=colour"), "groupBy"),
        },
    ];

    [Fact]
    public async Task The_OpenAPI_document_is_valid_and_describes_exactly_the_routes_served() =>
        Assert.Empty(await ApiSurface.DocumentProblemsAsync(service.AnonymousClient(), service.Services));

    [Fact]
    public void Every_route_has_an_isolation_case() =>
        Assert.Empty(Isolation.UncoveredRoutes(ApiSurface.RoutesOf(service.Services), Cases));

    [Fact]
    public async Task Every_route_refuses_other_roles_and_malformed_input()
    {
        var keys = await Isolation.KeysAsync(service.ClientForAsync, "tenant-a");
        Assert.Empty(await Isolation.FailuresAsync(Cases, service.AnonymousClient(), keys, Isolation.ScopedRoles));
    }
}
