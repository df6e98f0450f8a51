using System.Text.Json.Nodes;
using GpuBilling.Testing;

namespace Gateway.Tests;

/// <summary>
/// The check every test's answers go through (<see cref="ApiContract"/>), on a small document written
/// here: stricter than the document reads, and saying which operation, where and why.
/// </summary>
public class ApiContractTests
{
    private static readonly ApiContract Contract = ApiContract.Parse(new JsonObject
    {
        ["openapi"] = "3.1.1",
        ["info"] = new JsonObject { ["title"] = "t", ["version"] = "v1" },
        ["paths"] = new JsonObject
        {
            ["/v1/invoices/{invoiceId}"] = Get("GetInvoice", "Invoice"),
            ["/v1/invoices/current"] = Get("GetCurrentInvoice", "Invoice"),
        },
        ["components"] = new JsonObject
        {
            ["schemas"] = new JsonObject
            {
                ["Invoice"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["id"] = new JsonObject { ["type"] = "string" },
                        ["number"] = new JsonObject { ["type"] = new JsonArray("null", "string") },
                        ["trigger"] = new JsonObject { ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, new JsonObject { ["$ref"] = "#/components/schemas/Trigger" }) },
                    },
                },
                ["Trigger"] = new JsonObject { ["enum"] = new JsonArray("PeriodClosed", "EarlyByOperator") },
            },
        },
    }.ToJsonString());

    private static JsonObject Get(string operationId, string schema) => new()
    {
        ["get"] = new JsonObject
        {
            ["operationId"] = operationId,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{schema}" } } },
                },
            },
        },
    };

    private static IReadOnlyList<string> Check(string body, int status = 200, string path = "/v1/invoices/inv-1") =>
        Contract.ProblemsWith("GET", path, status, "application/json", body);

    [Theory]
    [InlineData("""{"id":"inv-1","number":null,"trigger":null}""")]
    [InlineData("""{"id":"inv-1","number":"2025-0001","trigger":"PeriodClosed"}""")]
    [InlineData("""{"id":"inv-1"}""")]
    public void An_answer_the_document_describes_passes(string body) => Assert.Empty(Check(body));

    [Fact]
    public void A_property_that_cannot_be_null_must_be_there()
    {
        Assert.Contains(Check("""{"number":null,"trigger":null}"""), problem =>
            problem.StartsWith("GET /v1/invoices/{invoiceId} (GetInvoice) answered 200: at ''", StringComparison.Ordinal) && problem.Contains("\"id\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_property_the_document_does_not_name_is_refused_where_it_is()
    {
        Assert.Contains(Check("""{"id":"inv-1","secret":"whsec_x"}"""), problem => problem.Contains("at '/secret'", StringComparison.Ordinal));
    }

    [Fact]
    public void Null_where_the_document_promises_a_value_fails_at_its_pointer() =>
        Assert.Contains(Check("""{"id":null}"""), problem => problem.Contains("at '/id'", StringComparison.Ordinal));

    [Fact]
    public void A_value_outside_an_enum_fails() =>
        Assert.Contains(Check("""{"id":"inv-1","trigger":"Whenever"}"""), problem => problem.Contains("at '/trigger'", StringComparison.Ordinal));

    [Fact]
    public void A_literal_path_is_matched_before_a_parameter() =>
        Assert.All(Check("{}", path: "/v1/invoices/current"), problem => Assert.Contains("(GetCurrentInvoice)", problem));

    [Fact]
    public void A_status_the_document_does_not_describe_fails() =>
        Assert.Contains("describes no 500 answer", Assert.Single(Check("{}", status: 500)));

    [Fact]
    public void A_path_outside_the_document_is_not_checked() =>
        Assert.Empty(Contract.ProblemsWith("GET", "/health/ready", 200, "text/plain", "Healthy"));
}
