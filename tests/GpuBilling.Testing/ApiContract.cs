using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace GpuBilling.Testing;

/// <summary>
/// An API's OpenAPI document as a contract every answer must keep, checked with JsonSchema.Net and
/// stricter than the document reads: every property the document does not mark nullable must be
/// there, and no property the document does not name may be. So a field that goes missing, comes
/// back null where the document promises a value, or appears undescribed fails the test that
/// received it, whichever test that is (<see cref="ContractCheckingHandler"/>).
/// </summary>
public sealed partial class ApiContract
{
    private const string JsonSchemaDialect = "https://json-schema.org/draft/2020-12/schema";
    private readonly JsonObject _document;
    private readonly JsonObject _definitions;
    private readonly List<(string Template, Regex Pattern, int Literals)> _paths;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    private ApiContract(JsonObject document)
    {
        _document = document;
        _definitions = (JsonObject?)document["components"]?["schemas"]?.DeepClone() ?? [];
        foreach (var (_, schema) in _definitions) Strict(schema);
        _paths =
        [
            .. (document["paths"]?.AsObject() ?? []).Select(path => (
                path.Key,
                new Regex("^" + Regex.Replace(Regex.Escape(path.Key), @"\\\{[^/]+?}", "[^/]+") + "$"),
                path.Key.Split('/').Count(segment => !segment.StartsWith('{')))),
        ];
    }

    public static ApiContract Parse(string document) => new(JsonNode.Parse(document)!.AsObject());

    /// <summary>The document a running API serves, read anonymously.</summary>
    public static async Task<ApiContract> ReadAsync(HttpClient anonymous) =>
        Parse(await anonymous.GetStringAsync("/openapi/v1.json"));

    /// <summary>
    /// Everything about an answer that the document does not allow, each naming the operation, the
    /// JSON pointer into the body and the reason. Empty for an answer the document describes, and for
    /// a path the document does not describe at all (a test calling what is not the API).
    /// </summary>
    public IReadOnlyList<string> ProblemsWith(string method, string path, int status, string? mediaType, string body)
    {
        var template = _paths.Where(p => p.Pattern.IsMatch(path)).OrderByDescending(p => p.Literals).Select(p => p.Template).FirstOrDefault();
        if (template is null || _document["paths"]![template]![method.ToLowerInvariant()] is not JsonObject operation) return [];
        var name = $"{method} {template} ({operation["operationId"]}) answered {status}";

        var responses = operation["responses"]?.AsObject();
        var response = responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses?["default"];
        if (response is null) return [$"{name}: the document describes no {status} answer for it"];
        if (body.Length == 0 || mediaType is null) return [];
        if (response["content"]?.AsObject() is not { } content) return [$"{name}: the document says this answer has no body, but it has {mediaType}"];
        var described = content.FirstOrDefault(c => c.Key.Split(';')[0].Trim() == mediaType);
        if (described.Key is null) return [$"{name}: {mediaType} is not one of the document's {string.Join(", ", content.Select(c => c.Key))}"];
        if (!mediaType.Contains("json", StringComparison.Ordinal) || described.Value?["schema"] is not JsonObject schema) return [];

        var evaluated = SchemaOf($"{template} {method} {status} {mediaType}", schema).Evaluate(JsonDocument.Parse(body).RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        var problems = new List<string>();
        Collect(evaluated, name, problems);
        return [.. problems.Distinct()];
    }

    /// <summary>The errors of failed evaluations only: a `oneOf` that held has branches that failed, and they are no problem.</summary>
    private static void Collect(EvaluationResults result, string name, List<string> problems)
    {
        if (result.IsValid) return;
        foreach (var (_, error) in result.Errors ?? new Dictionary<string, string>())
            problems.Add($"{name}: at '{result.InstanceLocation}' ({result.EvaluationPath}): {error}");
        foreach (var detail in result.Details ?? []) Collect(detail, name, problems);
    }

    private JsonSchema SchemaOf(string key, JsonObject schema) => _schemas.GetOrAdd(key, _ =>
    {
        var root = (JsonObject)schema.DeepClone();
        Strict(root);
        root["$schema"] = JsonSchemaDialect;
        root["$defs"] = _definitions.DeepClone();
        var text = ComponentReference().Replace(root.ToJsonString(), "\"$ref\":\"#/$defs/");
        return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"urn:api-contract:{Guid.NewGuid():N}"));
    });

    /// <summary>Every object schema under <paramref name="node"/>: its non-nullable properties required, no others allowed.</summary>
    private static void Strict(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["properties"] is JsonObject properties)
                {
                    schema["required"] = new JsonArray([.. properties.Where(p => !AdmitsNull(p.Value)).Select(p => (JsonNode)JsonValue.Create(p.Key)!)]);
                    if (!schema.ContainsKey("additionalProperties")) schema["additionalProperties"] = false;
                }
                foreach (var (_, child) in schema.ToList()) Strict(child);
                break;
            case JsonArray items:
                foreach (var item in items) Strict(item);
                break;
        }
    }

    private static bool AdmitsNull(JsonNode? schema) => schema switch
    {
        JsonObject s when s["type"] is JsonValue type && (string?)type == "null" => true,
        JsonObject s when s["type"] is JsonArray types && types.Any(t => (string?)t == "null") => true,
        JsonObject s => new[] { "oneOf", "anyOf" }.Any(k => s[k] is JsonArray options && options.Any(AdmitsNull)),
        _ => false,
    };

    [GeneratedRegex("\"\\$ref\":\"#/components/schemas/")]
    private static partial Regex ComponentReference();
}

/// <summary>An answer that breaks the API's document: the test that received it fails with why.</summary>
public sealed class ContractBroken(IReadOnlyList<string> problems)
    : Exception("The answer does not keep the API document:\n" + string.Join("\n", problems));

/// <summary>
/// Checks every answer a test's client receives against the API's document (<see cref="ApiContract"/>)
/// before the test sees it. Put where the tests' clients are made, so no test has to ask.
/// </summary>
public sealed class ContractCheckingHandler(Func<Task<ApiContract>> contract) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var body = "";
        if (response.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken);
            body = await content.ReadAsStringAsync(cancellationToken);
        }
        var problems = (await contract()).ProblemsWith(
            request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, response.Content?.Headers.ContentType?.MediaType, body);
        return problems.Count == 0 ? response : throw new ContractBroken(problems);
    }

    /// <summary>The contract of the API at <paramref name="anonymous"/>, read once, on the first answer to check.</summary>
    public static Func<Task<ApiContract>> ReadOnce(Func<HttpClient> anonymous)
    {
        var read = new Lazy<Task<ApiContract>>(async () =>
        {
            using var client = anonymous();
            return await ApiContract.ReadAsync(client);
        });
        return () => read.Value;
    }
}
