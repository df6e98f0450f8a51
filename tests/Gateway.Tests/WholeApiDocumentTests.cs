using System.Text.Json.Nodes;
using Gateway.ApiReference;
using Microsoft.OpenApi;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Tests;

/// <summary>
/// How the gateway merges documents, on small documents written here: which operations it takes,
/// what it does with two components of one name, and what it says about a service it could not read.
/// </summary>
public class WholeApiDocumentTests
{
    private static readonly ForwardedRoutes Routes = new(
    [
        Route("invoices", "invoicing", "/v1/invoices/{**rest}"),
        Route("rate-cards", "pricing", "/v1/rate-cards/{**rest}"),
        Route("usage", "metering", "/v1/usage", "GET"),
    ]);

    private static RouteConfig Route(string id, string cluster, string path, params string[] methods) =>
        new() { RouteId = id, ClusterId = cluster, Match = new RouteMatch { Path = path, Methods = methods.Length > 0 ? methods : null } };

    private static JsonObject Document(string tag, JsonObject paths, JsonObject schemas) => new()
    {
        ["openapi"] = "3.1.1",
        ["info"] = new JsonObject { ["title"] = tag, ["version"] = "v1" },
        ["paths"] = paths,
        ["components"] = new JsonObject
        {
            ["schemas"] = schemas,
            ["securitySchemes"] = new JsonObject { ["ApiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key" } },
        },
        ["tags"] = new JsonArray(new JsonObject { ["name"] = tag }),
    };

    private static JsonObject Get(string tag, string operationId, string schema) => new()
    {
        ["get"] = new JsonObject
        {
            ["tags"] = new JsonArray(tag),
            ["operationId"] = operationId,
            ["security"] = new JsonArray(new JsonObject { ["ApiKey"] = new JsonArray() }),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(schema) } },
                },
            },
        },
    };

    private static JsonObject Ref(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };

    private static JsonObject Object(params (string Property, JsonNode Schema)[] properties) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject(properties.Select(p => KeyValuePair.Create(p.Property, (JsonNode?)p.Schema))),
    };

    private static JsonObject Text => new() { ["type"] = "string" };

    private static JsonObject Number => new() { ["type"] = "number", ["format"] = "decimal" };

    private static readonly JsonObject GatewayDocument = Document("API keys",
        new JsonObject { ["/v1/keys"] = Get("API keys", "ListApiKeys", "KeyView") },
        new JsonObject { ["KeyView"] = Object(("id", Text)), ["ProblemDetails"] = Object(("title", Text)) });

    private static readonly JsonObject Invoicing = Document("Invoices",
        new JsonObject
        {
            ["/v1/invoices/{invoiceId}"] = Get("Invoices", "GetInvoice", "Invoice"),
            ["/v1/not-forwarded"] = Get("Invoices", "Hidden", "ProblemDetails"),
        },
        new JsonObject
        {
            ["Invoice"] = Object(("lines", new JsonObject { ["type"] = "array", ["items"] = Ref("ChargeLine") })),
            ["ChargeLine"] = Object(("amount", Number)),
            ["ProblemDetails"] = Object(("title", Text)),
        });

    private static readonly JsonObject Pricing = Document("Rate cards",
        new JsonObject { ["/v1/rate-cards/{id}"] = Get("Rate cards", "GetRateCard", "RateCard") },
        new JsonObject
        {
            ["RateCard"] = Object(("charges", new JsonObject { ["type"] = "array", ["items"] = Ref("ChargeLine") })),
            ["ChargeLine"] = Object(("meter", Text)),
            ["ProblemDetails"] = Object(("title", Text)),
        });

    private static async Task<JsonObject> MergedAsync(params ServiceDocument[] services)
    {
        var merged = WholeApiDocument.Merge(GatewayDocument.ToJsonString(), services, Routes, "https://api.example");
        var json = JsonNode.Parse(await merged.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1))!.AsObject();
        Assert.Empty(OpenApiDocument.Parse(json.ToJsonString(), OpenApiConstants.Json).Diagnostic!.Errors);
        return json;
    }

    [Fact]
    public async Task Takes_the_gateways_operations_and_each_services_forwarded_ones_with_their_tags_one_key_scheme_and_the_gateway_as_server()
    {
        var merged = await MergedAsync(new ServiceDocument("invoicing", Invoicing.ToJsonString(), null), new ServiceDocument("pricing", Pricing.ToJsonString(), null));

        Assert.Equal(["/v1/invoices/{invoiceId}", "/v1/keys", "/v1/rate-cards/{id}"], merged["paths"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(["API keys", "Invoices", "Rate cards"], merged["tags"]!.AsArray().Select(t => (string)t!["name"]!).Order());
        Assert.Equal(["ApiKey"], merged["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key));
        Assert.Equal(["https://api.example"], merged["servers"]!.AsArray().Select(s => (string)s!["url"]!));
        Assert.Null(merged[WholeApiDocument.MissingServicesExtension]);
        Assert.Null(merged["info"]!["description"]);
    }

    [Fact]
    public async Task An_identical_schema_is_shared_and_a_different_one_of_the_same_name_is_renamed_with_everything_that_refers_to_it()
    {
        var merged = await MergedAsync(new ServiceDocument("invoicing", Invoicing.ToJsonString(), null), new ServiceDocument("pricing", Pricing.ToJsonString(), null));

        var schemas = merged["components"]!["schemas"]!.AsObject();
        Assert.Equal(["ChargeLine", "Invoice", "KeyView", "PricingChargeLine", "ProblemDetails", "RateCard"], schemas.Select(s => s.Key).Order());
        Assert.Equal("number", (string)schemas["ChargeLine"]!["properties"]!["amount"]!["type"]!);
        Assert.Equal("string", (string)schemas["PricingChargeLine"]!["properties"]!["meter"]!["type"]!);
        Assert.Equal("#/components/schemas/ChargeLine", (string)schemas["Invoice"]!["properties"]!["lines"]!["items"]!["$ref"]!);
        Assert.Equal("#/components/schemas/PricingChargeLine", (string)schemas["RateCard"]!["properties"]!["charges"]!["items"]!["$ref"]!);
        Assert.Equal("#/components/schemas/RateCard",
            (string)merged["paths"]!["/v1/rate-cards/{id}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!);
    }

    [Fact]
    public async Task A_schema_that_refers_to_a_renamed_one_is_renamed_too_though_it_reads_the_same()
    {
        var pricing = Pricing.DeepClone().AsObject();
        pricing["paths"]!["/v1/rate-cards/{id}"] = Get("Rate cards", "GetRateCard", "Invoice");
        pricing["components"]!["schemas"]!["Invoice"] = Invoicing["components"]!["schemas"]!["Invoice"]!.DeepClone();

        var merged = await MergedAsync(new ServiceDocument("invoicing", Invoicing.ToJsonString(), null), new ServiceDocument("pricing", pricing.ToJsonString(), null));

        var schemas = merged["components"]!["schemas"]!.AsObject();
        Assert.Equal("#/components/schemas/ChargeLine", (string)schemas["Invoice"]!["properties"]!["lines"]!["items"]!["$ref"]!);
        Assert.Equal("#/components/schemas/PricingChargeLine", (string)schemas["PricingInvoice"]!["properties"]!["lines"]!["items"]!["$ref"]!);
        Assert.Equal("#/components/schemas/PricingInvoice",
            (string)merged["paths"]!["/v1/rate-cards/{id}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!);
    }

    [Fact]
    public async Task A_service_without_a_document_is_named_as_missing_and_the_rest_is_served()
    {
        var merged = await MergedAsync(
            new ServiceDocument("invoicing", null, "http://127.0.0.1:1/openapi/v1.json: Connection refused"),
            new ServiceDocument("pricing", Pricing.ToJsonString(), null));

        Assert.Equal(["/v1/keys", "/v1/rate-cards/{id}"], merged["paths"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("""{"invoicing":"http://127.0.0.1:1/openapi/v1.json: Connection refused"}""", merged[WholeApiDocument.MissingServicesExtension]!.ToJsonString());
        Assert.Equal("Not described at the moment, because their documents could not be read: invoicing. "
            + "Their operations are missing below; the gateway still forwards calls to them.", (string)merged["info"]!["description"]!);
    }

    [Fact]
    public async Task A_service_answering_something_else_than_a_document_is_named_as_unreadable()
    {
        var merged = await MergedAsync(new ServiceDocument("invoicing", "<html>Bad gateway</html>", null), new ServiceDocument("pricing", Pricing.ToJsonString(), null));

        Assert.Equal(["/v1/keys", "/v1/rate-cards/{id}"], merged["paths"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("""{"invoicing":"unreadable: not a JSON object"}""", merged[WholeApiDocument.MissingServicesExtension]!.ToJsonString());
    }

    [Fact]
    public void A_route_forwards_the_paths_its_pattern_matches_and_only_its_methods()
    {
        Assert.True(Routes.Forwards("invoicing", "POST", "/v1/invoices/{invoiceId}/finalize"));
        Assert.True(Routes.Forwards("invoicing", "GET", "/v1/invoices"));
        Assert.True(Routes.Forwards("metering", "GET", "/v1/usage"));
        Assert.False(Routes.Forwards("metering", "POST", "/v1/usage"));
        Assert.False(Routes.Forwards("metering", "GET", "/v1/usage/{tenantId}"));
        Assert.False(Routes.Forwards("pricing", "GET", "/v1/invoices/{invoiceId}"));
    }
}
