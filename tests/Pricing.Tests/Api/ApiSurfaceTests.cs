using GpuBilling.Access;
using GpuBilling.Testing;

namespace Pricing.Tests.Api;

public sealed class PricingApiService() : PricingService("pricing_api_tests");

/// <summary>
/// Pricing's API as its route table serves it: described by the OpenAPI document, and every route
/// refusing the roles it does not admit and malformed input. Rate cards belong to the operator,
/// not to a tenant, so no route is tenant-scoped.
/// </summary>
public class ApiSurfaceTests(PricingApiService service) : IClassFixture<PricingApiService>
{
    private static HttpRequestMessage Get(string uri) => new(HttpMethod.Get, uri);

    private static HttpRequestMessage PostJson(string uri, string json) =>
        new(HttpMethod.Post, uri) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    private static readonly IsolationCase[] Cases =
    [
        new(new("POST", "/v1/rate-cards/{id}/versions"), Roles.Operator)
        {
            Request = () => PostJson("/v1/rate-cards/rc-isolation/versions", "{}"),
            Malformed = new(() => PostJson("/v1/rate-cards/rc-isolation/versions", """{"currency":"USD","effectiveFrom":"next tuesday"}"""), "effectiveFrom"),
        },
        new(new("GET", "/v1/rate-cards"), Roles.Operator)
        {
            Request = () => Get("/v1/rate-cards"),
            Malformed = new(() => Get("/v1/rate-cards?limit=0"), "limit"),
        },
        new(new("GET", "/v1/rate-cards/{id}"), Roles.Operator)
        {
            Request = () => Get("/v1/rate-cards/rc-isolation"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
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
