using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace GpuBilling.Testing;

/// <summary>One route of an API: its method and its pattern with bare parameters (`/v1/invoices/{invoiceId}`).</summary>
public sealed record ApiRoute(string Method, string Pattern)
{
    public override string ToString() => $"{Method} {Pattern}";

    /// <summary>Constraints dropped and no trailing slash, so the route table and the document spell a route alike.</summary>
    public static string Normalize(string pattern)
    {
        var text = new StringBuilder();
        foreach (var segment in RoutePatternFactory.Parse(pattern).PathSegments)
        {
            text.Append('/');
            foreach (var part in segment.Parts)
                text.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
                    RoutePatternSeparatorPart separator => separator.Content,
                    _ => throw new InvalidOperationException($"Unexpected route part in {pattern}."),
                });
        }
        return text.Length == 0 ? "/" : text.ToString();
    }
}

/// <summary>
/// What a service serves, read from the application itself: every route of its route table, and the
/// OpenAPI document it publishes. The tests hold the two against each other, so a route that is not
/// described, or a description of a route that does not exist, fails.
/// </summary>
public static class ApiSurface
{
    /// <summary>
    /// Routes that are not the API: health probes, the API's own description, and the gateway's tenant
    /// portal (a page, and the session it exchanges a key for, which only that page calls; tests/Portal.Tests covers it).
    /// </summary>
    private static readonly string[] NotTheApi = ["/health", "/openapi", "/reference", "/portal"];

    /// <summary>Every route with an HTTP method in the application's route table, but for <see cref="NotTheApi"/>.</summary>
    public static IReadOnlyList<ApiRoute> RoutesOf(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => new ApiRoute(method, ApiRoute.Normalize(endpoint.RoutePattern.RawText ?? "/"))))
            .Where(route => !NotTheApi.Any(prefix => route.Pattern.StartsWith(prefix, StringComparison.Ordinal)))
            .Distinct()
            .OrderBy(route => route.ToString(), StringComparer.Ordinal),
    ];

    /// <summary>The document the service serves at `/openapi/v1.json`, parsed by Microsoft.OpenApi's own reader.</summary>
    public static async Task<ReadResult> ReadDocumentAsync(HttpClient anonymous)
    {
        var response = await anonymous.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return OpenApiDocument.Parse(await response.Content.ReadAsStringAsync(), OpenApiConstants.Json);
    }

    /// <summary>
    /// Everything wrong with the document a service serves, in words: reading errors, a route served
    /// but not described or described but not served, and <see cref="GapsIn"/>. Empty when it
    /// describes exactly the routes of the application's own route table (and the routes it
    /// <paramref name="forwards"/> to others, for the gateway), fully.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DocumentProblemsAsync(HttpClient anonymous, IServiceProvider services, IEnumerable<ApiRoute>? forwards = null)
    {
        var read = await ReadDocumentAsync(anonymous);
        if (read.Document is null) return [.. read.Diagnostic!.Errors.Select(e => $"unreadable: {e}")];
        var served = RoutesOf(services).Concat(forwards ?? []).Distinct().ToList();
        var described = RoutesOf(read.Document);
        return
        [
            .. read.Diagnostic!.Errors.Select(e => $"invalid: {e}"),
            .. served.Except(described).Select(r => $"{r} is served but not described"),
            .. described.Except(served).Select(r => $"{r} is described but not served"),
            .. GapsIn(read.Document),
        ];
    }

    public static IReadOnlyList<ApiRoute> RoutesOf(OpenApiDocument document) =>
    [
        .. document.Paths.SelectMany(path => (path.Value.Operations ?? []).Keys
                .Select(method => new ApiRoute(method.Method.ToUpperInvariant(), ApiRoute.Normalize(path.Key))))
            .OrderBy(route => route.ToString(), StringComparer.Ordinal),
    ];

    /// <summary>
    /// What the document leaves out of an operation a client needs: a name to generate code by, the
    /// API key it must send, the refusals every keyed route can answer (401, 403, 429), and a success
    /// answer. Empty when every operation is fully described.
    /// </summary>
    public static IReadOnlyList<string> GapsIn(OpenApiDocument document)
    {
        var gaps = new List<string>();
        if (document.Components?.SecuritySchemes?.TryGetValue("ApiKey", out var scheme) is not true
            || scheme is not { Type: SecuritySchemeType.ApiKey, In: ParameterLocation.Header, Name: "X-Api-Key" })
            gaps.Add("no ApiKey security scheme for the X-Api-Key header");

        foreach (var (path, item) in document.Paths)
        foreach (var (method, operation) in item.Operations ?? [])
        {
            var route = $"{method.Method.ToUpperInvariant()} {path}";
            if (string.IsNullOrEmpty(operation.OperationId)) gaps.Add($"{route} has no operationId (WithName)");
            if (operation.Security is not { Count: > 0 }) gaps.Add($"{route} does not ask for the API key");
            var responses = operation.Responses ?? [];
            foreach (var refusal in new[] { "401", "403", "429" })
                if (!responses.TryGetValue(refusal, out var problem) || problem.Content?.ContainsKey("application/problem+json") is not true)
                    gaps.Add($"{route} does not describe its {refusal} problem");
            if (!responses.Keys.Any(status => status.StartsWith('2')))
                gaps.Add($"{route} describes no success answer");
            foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('2') && r.Key != "204"))
                if (response.Content is not { Count: > 0 })
                    gaps.Add($"{route} answers {status} without saying what");
        }
        return gaps;
    }
}
