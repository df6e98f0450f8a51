using GpuBilling.Access;
using GpuBilling.Testing;

namespace Audit.Tests;

public sealed class AuditApiServices() : BilledServices("audit_api_tests");

/// <summary>
/// The audit API as its route table serves it: described by the OpenAPI document, and every route
/// refusing the roles it does not admit and malformed input. An auditor reaching another tenant than
/// those granted it is tested over real invoices in <see cref="TracingTests"/>.
/// </summary>
public class ApiSurfaceTests(AuditApiServices services) : IClassFixture<AuditApiServices>
{
    private const string Unknown = "nobody@2026-01-01";

    private static HttpRequestMessage Get(string uri) => new(HttpMethod.Get, uri);

    private static readonly IsolationCase[] Cases =
    [
        new(new("GET", "/v1/audit/invoices/{invoiceId}/recompute"), Roles.Auditor, Roles.Operator)
        {
            Request = () => Get($"/v1/audit/invoices/{Unknown}/recompute"),
            Malformed = new(() => Get("/v1/audit/invoices/nobody@2026-02-30/recompute"), "invoiceId"),
        },
        new(new("GET", "/v1/audit/invoices/{invoiceId}/lines/{lineNumber}/lineage"), Roles.Auditor, Roles.Operator)
        {
            Request = () => Get($"/v1/audit/invoices/{Unknown}/lines/1/lineage"),
            Malformed = new(() => Get($"/v1/audit/invoices/{Unknown}/lines/first/lineage"), "lineNumber"),
        },
        new(new("GET", "/v1/audit/streams/{store}/{streamKey}"), Roles.Auditor, Roles.Operator)
        {
            Request = () => Get($"/v1/audit/streams/invoicing/{Unknown}"),
            Malformed = new(() => Get($"/v1/audit/streams/invoicing/{Unknown}?limit=lots"), "limit"),
        },
    ];

    [Fact]
    public async Task The_OpenAPI_document_is_valid_and_describes_exactly_the_routes_served() =>
        Assert.Empty(await ApiSurface.DocumentProblemsAsync(services.AnonymousAuditClient(), services.AuditServices));

    [Fact]
    public void Every_route_has_an_isolation_case() =>
        Assert.Empty(Isolation.UncoveredRoutes(ApiSurface.RoutesOf(services.AuditServices), Cases));

    [Fact]
    public async Task Every_route_refuses_other_roles_and_malformed_input()
    {
        var keys = await Isolation.KeysAsync((_, role, tenants) => services.AuditClientAsync(role, tenants), "any-tenant");
        Assert.Empty(await Isolation.FailuresAsync(Cases, services.AnonymousAuditClient(), keys, []));
    }

    [Fact]
    public async Task An_oversized_lineage_page_is_a_problem_naming_limit()
    {
        var auditor = await services.AuditClientAsync();
        var response = await auditor.GetAsync($"/v1/audit/invoices/{Unknown}/lines/1/lineage?limit=5001");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["limit"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }
}
