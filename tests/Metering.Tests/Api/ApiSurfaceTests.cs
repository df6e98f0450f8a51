using GpuBilling.Access;
using GpuBilling.Testing;
using Metering.Tests.Ingestion;

namespace Metering.Tests.Api;

public sealed class MeteringApiService() : MeteringService("metering_api_tests");

/// <summary>
/// Metering's API as its route table serves it: described by the OpenAPI document, and every route
/// refusing the roles it does not admit and malformed input. Usage names its tenant by `tenantId`
/// (a tenant key's own by default): another tenant's is 404.
/// </summary>
public class ApiSurfaceTests(MeteringApiService service) : IClassFixture<MeteringApiService>
{
    private static HttpRequestMessage Get(string uri) => new(HttpMethod.Get, uri);

    private static readonly IsolationCase[] Cases =
    [
        new(new("GET", "/v1/usage"), Roles.Tenant, Roles.Auditor, Roles.Operator)
        {
            Request = () => Get("/v1/usage?tenantId=tenant-a"),
            OnAnotherTenant = () => Get("/v1/usage?tenantId=tenant-b"),
            Malformed = new(() => Get("/v1/usage?from=2026-02-30T00:00:00Z&to=2026-03-01T00:00:00Z"), "from"),
        },
        new(new("GET", "/v1/nodes"), Roles.Operator)
        {
            Request = () => Get("/v1/nodes"),
            NoMalformedInput = "it takes no input",
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
