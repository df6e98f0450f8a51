using System.Net;
using System.Net.Http.Json;
using GpuBilling.Access;
using GpuBilling.ServiceDefaults;
using GpuBilling.Testing;
using Microsoft.OpenApi;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Service;

public sealed class InvoicingApiService() : InvoicingService("invoicing_api_tests", At("2025-03-20T12:00:00Z"));

/// <summary>
/// Invoicing's API as its route table serves it: described by the OpenAPI document, and every
/// route refusing the roles it does not admit, another tenant's invoices, usage thresholds and credit (404,
/// as if they did not exist, and unchanged), and malformed input (a problem naming the field).
/// </summary>
public class ApiSurfaceTests(InvoicingApiService service) : IClassFixture<InvoicingApiService>
{
    private const string OwnTenant = "tenant-a";
    private const string OtherTenant = "tenant-b";
    private const string OtherInvoice = $"{OtherTenant}@2025-03-01";
    private const string Unknown = "nobody@2025-03-01";

    private static HttpRequestMessage Get(string uri) => new(HttpMethod.Get, uri);

    private static HttpRequestMessage Send(HttpMethod method, string uri, string? json = null) =>
        new(method, uri) { Content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    /// <summary>
    /// One case per route: who may call it and, on another tenant's invoice or thresholds, what a tenant key must
    /// be refused (404 where tenants are admitted, 403 where they are not) without changing it.
    /// </summary>
    private static IsolationCase[] Cases(
        Func<Task<string>> otherInvoiceState, Func<Task<string>> otherThresholdsState, Func<Task<string>> otherCreditState, Func<Task<string>> otherStandingState) =>
    [
        new(new("GET", "/v1/invoices"), Roles.Operator, Roles.Auditor, Roles.Tenant)
        {
            Request = () => Get("/v1/invoices"),
            OnAnotherTenant = () => Get($"/v1/invoices?tenantId={OtherTenant}"),
            Malformed = new(() => Get("/v1/invoices?limit=201"), "limit"),
        },
        new(new("GET", "/v1/credit-notes"), Roles.Operator, Roles.Auditor, Roles.Tenant)
        {
            Request = () => Get("/v1/credit-notes"),
            OnAnotherTenant = () => Get($"/v1/credit-notes?tenantId={OtherTenant}"),
            Malformed = new(() => Get("/v1/credit-notes?limit=0"), "limit"),
        },
        new(new("GET", "/v1/credit-notes/{creditNoteNumber}"), Roles.Operator, Roles.Auditor, Roles.Tenant)
        {
            Request = () => Get("/v1/credit-notes/CN-nobody-000001"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id); another tenant's note is 404 in FinalizedInvoiceServiceTests",
        },
        new(new("GET", "/v1/invoices/current"), Roles.Operator, Roles.Auditor, Roles.Tenant)
        {
            Request = () => Get($"/v1/invoices/current?tenantId={OwnTenant}"),
            OnAnotherTenant = () => Get($"/v1/invoices/current?tenantId={OtherTenant}"),
            Malformed = new(() => Get("/v1/invoices/current"), "tenantId"),
        },
        new(new("GET", "/v1/invoices/{invoiceId}"), Roles.Operator, Roles.Auditor, Roles.Tenant)
        {
            Request = () => Get($"/v1/invoices/{Unknown}"),
            OnAnotherTenant = () => Get($"/v1/invoices/{OtherInvoice}"),
            StateOfAnotherTenant = otherInvoiceState,
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("GET", "/v1/invoices/{invoiceId}/download"), Roles.Operator, Roles.Auditor, Roles.Tenant)
        {
            Request = () => Get($"/v1/invoices/{Unknown}/download"),
            OnAnotherTenant = () => Get($"/v1/invoices/{OtherInvoice}/download?format=csv"),
            Malformed = new(() => Get($"/v1/invoices/{Unknown}/download?format=pdf"), "format"),
        },
        new(new("POST", "/v1/invoices/{invoiceId}/finalize"), Roles.Operator)
        {
            Request = () => Send(HttpMethod.Post, $"/v1/invoices/{Unknown}/finalize"),
            OnAnotherTenant = () => Send(HttpMethod.Post, $"/v1/invoices/{OtherInvoice}/finalize"),
            StateOfAnotherTenant = otherInvoiceState,
            NoMalformedInput = "it takes no body, and its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("POST", "/v1/invoices/{invoiceId}/void"), Roles.Operator)
        {
            Request = () => Send(HttpMethod.Post, $"/v1/invoices/{Unknown}/void", """{"reason":"isolation"}"""),
            OnAnotherTenant = () => Send(HttpMethod.Post, $"/v1/invoices/{OtherInvoice}/void", """{"reason":"isolation"}"""),
            StateOfAnotherTenant = otherInvoiceState,
            Malformed = new(() => Send(HttpMethod.Post, $"/v1/invoices/{Unknown}/void", """{"reason":42}"""), "reason"),
        },
        new(new("POST", "/v1/invoices/{invoiceId}/credit-notes"), Roles.Operator)
        {
            Request = () => Send(HttpMethod.Post, $"/v1/invoices/{Unknown}/credit-notes", """{"lines":[],"reason":"isolation"}"""),
            OnAnotherTenant = () => Send(HttpMethod.Post, $"/v1/invoices/{OtherInvoice}/credit-notes", """{"lines":[],"reason":"isolation"}"""),
            StateOfAnotherTenant = otherInvoiceState,
            Malformed = new(
                () => Send(HttpMethod.Post, $"/v1/invoices/{Unknown}/credit-notes", """{"lines":[{"lineNumber":"first","amount":"1.00"}]}"""),
                "lines[0].lineNumber"),
        },
        new(new("GET", "/v1/invoices/{invoiceId}/recompute"), Roles.Operator, Roles.Auditor)
        {
            Request = () => Get($"/v1/invoices/{Unknown}/recompute"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("PUT", "/v1/billing-accounts/{tenantId}"), Roles.Operator)
        {
            Request = () => Send(HttpMethod.Put, "/v1/billing-accounts/nobody", "{}"),
            Malformed = new(() => Send(HttpMethod.Put, "/v1/billing-accounts/nobody", """{"taxRate":"nineteen percent"}"""), "taxRate"),
        },
        new(new("GET", "/v1/billing-accounts"), Roles.Operator)
        {
            Request = () => Get("/v1/billing-accounts"),
            Malformed = new(() => Get("/v1/billing-accounts?limit=0"), "limit"),
        },
        new(new("GET", "/v1/billing-accounts/{tenantId}"), Roles.Operator, Roles.Auditor, Roles.Tenant)
        {
            Request = () => Get($"/v1/billing-accounts/{OwnTenant}"),
            OnAnotherTenant = () => Get($"/v1/billing-accounts/{OtherTenant}"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("PUT", "/v1/usage-thresholds/{tenantId}"), Roles.Tenant, Roles.Operator)
        {
            Request = () => Send(HttpMethod.Put, $"/v1/usage-thresholds/{OwnTenant}", """{"gpuHours":[100]}"""),
            OnAnotherTenant = () => Send(HttpMethod.Put, $"/v1/usage-thresholds/{OtherTenant}", """{"gpuHours":[1]}"""),
            StateOfAnotherTenant = otherThresholdsState,
            Malformed = new(() => Send(HttpMethod.Put, $"/v1/usage-thresholds/{OwnTenant}", """{"gpuHours":"ten"}"""), "gpuHours"),
        },
        new(new("GET", "/v1/usage-thresholds/{tenantId}"), Roles.Tenant, Roles.Operator)
        {
            Request = () => Get($"/v1/usage-thresholds/{OwnTenant}"),
            OnAnotherTenant = () => Get($"/v1/usage-thresholds/{OtherTenant}"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("GET", "/v1/credits/{tenantId}"), Roles.Operator, Roles.Auditor, Roles.Tenant)
        {
            Request = () => Get($"/v1/credits/{OwnTenant}"),
            OnAnotherTenant = () => Get($"/v1/credits/{OtherTenant}"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("GET", "/v1/credits/{tenantId}/history"), Roles.Operator, Roles.Auditor, Roles.Tenant)
        {
            Request = () => Get($"/v1/credits/{OwnTenant}/history"),
            OnAnotherTenant = () => Get($"/v1/credits/{OtherTenant}/history"),
            Malformed = new(() => Get($"/v1/credits/{OwnTenant}/history?limit=0"), "limit"),
        },
        new(new("POST", "/v1/credits/{tenantId}/grants"), Roles.Operator)
        {
            Request = () => Send(HttpMethod.Post, "/v1/credits/nobody/grants", """{"source":"trial","amount":"1.00","reason":"isolation"}"""),
            OnAnotherTenant = () => Send(HttpMethod.Post, $"/v1/credits/{OtherTenant}/grants", """{"source":"trial","amount":"1.00","reason":"isolation"}"""),
            StateOfAnotherTenant = otherCreditState,
            Malformed = new(() => Send(HttpMethod.Post, "/v1/credits/nobody/grants", """{"amount":"ten"}"""), "amount"),
        },
        new(new("POST", "/v1/credits/{tenantId}/top-ups"), Roles.Operator)
        {
            Request = () => Send(HttpMethod.Post, "/v1/credits/nobody/top-ups", """{"amount":"1.00","receipt":"isolation"}"""),
            OnAnotherTenant = () => Send(HttpMethod.Post, $"/v1/credits/{OtherTenant}/top-ups", """{"amount":"1.00","receipt":"isolation"}"""),
            StateOfAnotherTenant = otherCreditState,
            Malformed = new(() => Send(HttpMethod.Post, "/v1/credits/nobody/top-ups", """{"amount":[1]}"""), "amount"),
        },
        new(new("POST", "/v1/credits/{tenantId}/grants/{grantId}/revoke"), Roles.Operator)
        {
            Request = () => Send(HttpMethod.Post, "/v1/credits/nobody/grants/G1/revoke", """{"reason":"isolation"}"""),
            OnAnotherTenant = () => Send(HttpMethod.Post, $"/v1/credits/{OtherTenant}/grants/G1/revoke", """{"reason":"isolation"}"""),
            StateOfAnotherTenant = otherCreditState,
            Malformed = new(() => Send(HttpMethod.Post, "/v1/credits/nobody/grants/G1/revoke", """{"reason":42}"""), "reason"),
        },
        new(new("GET", "/v1/credit-liability"), Roles.Operator)
        {
            Request = () => Get("/v1/credit-liability"),
            Malformed = new(() => Get("/v1/credit-liability?at=yesterday"), "at"),
        },
        new(new("GET", "/v1/standing"), Roles.Operator, Roles.Scheduler, Roles.Tenant)
        {
            Request = () => Get("/v1/standing"),
            Malformed = new(() => Get("/v1/standing?limit=0"), "limit"),
        },
        new(new("GET", "/v1/standing/{tenantId}"), Roles.Operator, Roles.Scheduler, Roles.Tenant)
        {
            Request = () => Get($"/v1/standing/{OwnTenant}"),
            OnAnotherTenant = () => Get($"/v1/standing/{OtherTenant}"),
            NoMalformedInput = "its path ids are held to their rules before it runs, a 400 naming the id (IdParameters; WholeApiTests walks every path id)",
        },
        new(new("PUT", "/v1/standing/{tenantId}/thresholds"), Roles.Operator, Roles.Tenant)
        {
            Request = () => Send(HttpMethod.Put, "/v1/standing/nobody/thresholds", """{"lowBalance":"1.00"}"""),
            OnAnotherTenant = () => Send(HttpMethod.Put, $"/v1/standing/{OtherTenant}/thresholds", """{"spendLimit":"1.00"}"""),
            StateOfAnotherTenant = otherStandingState,
            Malformed = new(() => Send(HttpMethod.Put, $"/v1/standing/{OwnTenant}/thresholds", """{"lowBalance":"ten"}"""), "lowBalance"),
        },
        new(new("GET", "/v1/usage-without-account"), Roles.Operator)
        {
            Request = () => Get("/v1/usage-without-account"),
            NoMalformedInput = "it takes no input",
        },
    ];

    [Fact]
    public async Task The_OpenAPI_document_is_valid_and_describes_exactly_the_routes_served() =>
        Assert.Empty(await ApiSurface.DocumentProblemsAsync(service.AnonymousClient(), service.Services));

    [Fact]
    public async Task Decimals_are_described_as_the_exact_text_they_are_written_as()
    {
        var schemas = (await ApiSurface.ReadDocumentAsync(service.AnonymousClient())).Document!.Components!.Schemas!;
        var invoice = schemas["InvoiceView"].Properties!;
        Assert.Equal((JsonSchemaType.String, "decimal", DecimalText.Pattern), (invoice["total"].Type, invoice["total"].Format, invoice["total"].Pattern));
        Assert.Equal((JsonSchemaType.String | JsonSchemaType.Null, "decimal", DecimalText.Pattern),
            (invoice["taxRate"].Type, invoice["taxRate"].Format, invoice["taxRate"].Pattern));
        var spend = schemas["UsageThresholdsView"].Properties!["spend"].Items!;
        Assert.Equal((JsonSchemaType.String, "decimal", DecimalText.Pattern), (spend.Type, spend.Format, spend.Pattern));
    }

    [Fact]
    public void Every_route_has_an_isolation_case() =>
        Assert.Empty(Isolation.UncoveredRoutes(ApiSurface.RoutesOf(service.Services), Cases(() => Task.FromResult(""), () => Task.FromResult(""), () => Task.FromResult(""), () => Task.FromResult(""))));

    [Fact]
    public async Task Every_route_refuses_other_roles_other_tenants_and_malformed_input()
    {
        var operatorClient = await service.OperatorAsync();
        Assert.Equal(HttpStatusCode.Created,
            (await operatorClient.PutAsJsonAsync($"/v1/billing-accounts/{OtherTenant}", Account(tenant: OtherTenant, issuer: $"{OtherTenant}-issuer"))).StatusCode);
        await service.PublishAsync(Usage(Guid.NewGuid(), At("2025-03-10T14:00:00Z"), (OtherTenant, "GPU-1", "0-3599")));
        await service.PublishAsync(Rated(OtherTenant, March, 1, 3600, H100(1m)));
        await service.DrainedAsync();
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync($"/v1/invoices/{OtherInvoice}")).StatusCode);
        async Task<string> OtherInvoiceState() => await operatorClient.GetStringAsync($"/v1/invoices/{OtherInvoice}");
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PutAsJsonAsync($"/v1/usage-thresholds/{OtherTenant}", new { gpuHours = new[] { 500m } })).StatusCode);
        async Task<string> OtherThresholdsState() => await operatorClient.GetStringAsync($"/v1/usage-thresholds/{OtherTenant}");
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync($"/v1/credits/{OtherTenant}/grants",
            new { source = "trial", amount = "25.00", reason = "isolation" })).StatusCode);
        async Task<string> OtherCreditState() => await operatorClient.GetStringAsync($"/v1/credits/{OtherTenant}/history");
        async Task<string> OtherStandingState() => await operatorClient.GetStringAsync($"/v1/standing/{OtherTenant}");

        var keys = await Isolation.KeysAsync(service.ClientForAsync, OwnTenant);
        Assert.Empty(await Isolation.FailuresAsync(Cases(OtherInvoiceState, OtherThresholdsState, OtherCreditState, OtherStandingState), service.AnonymousClient(), keys, Isolation.ScopedRoles));
    }
}
