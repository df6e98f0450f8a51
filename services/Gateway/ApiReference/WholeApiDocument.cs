using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Gateway.ApiReference;

/// <summary>
/// One OpenAPI document for the whole API at the gateway's base URL: the gateway's own operations,
/// and every operation of a service behind it that the route table forwards (<see cref="ForwardedRoutes"/>),
/// with their components (<see cref="SharedComponents"/>) and tags, the one `ApiKey` scheme a caller
/// presents here, and the gateway as the only server. Read, merged and written with Microsoft.OpenApi.
/// </summary>
public static class WholeApiDocument
{
    public const string Title = "GPU metering and billing API";
    public const string GatewaySource = "gateway";

    /// <summary>
    /// The services whose operations are not in the document, each with why. An extension because a
    /// program reading the document (a client generator, a test) must be able to tell an incomplete
    /// document from a complete one; the same names also go into the description, since the
    /// reference page shows that and not extensions.
    /// </summary>
    public const string MissingServicesExtension = "x-missing-services";

    /// <param name="gateway">The gateway's own document, as JSON.</param>
    /// <param name="services">Each cluster's document, or why it has none.</param>
    public static OpenApiDocument Merge(string gateway, IEnumerable<ServiceDocument> services, ForwardedRoutes routes, string serverUrl)
    {
        var whole = new OpenApiDocument
        {
            Info = new OpenApiInfo { Title = Title, Version = "v1" },
            Servers = [new OpenApiServer { Url = serverUrl }],
            Paths = [],
            Components = new OpenApiComponents(),
            Tags = new HashSet<OpenApiTag>(),
        };
        var components = new SharedComponents();
        var missing = new SortedDictionary<string, string>(StringComparer.Ordinal);

        Add(whole, components, missing, GatewaySource, gateway, (_, _) => true);
        foreach (var service in services)
        {
            if (service.Json is null) missing[service.ClusterId] = service.Missing ?? "no document";
            else Add(whole, components, missing, service.ClusterId, service.Json, (method, path) => routes.Forwards(service.ClusterId, method, path));
        }

        if (missing.Count > 0)
        {
            whole.Extensions = new Dictionary<string, IOpenApiExtension>
            {
                [MissingServicesExtension] = new JsonNodeExtension(new JsonObject(missing.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)))),
            };
            whole.Info.Description = $"Not described at the moment, because their documents could not be read: {string.Join(", ", missing.Keys)}. "
                + "Their operations are missing below; the gateway still forwards calls to them.";
        }
        return whole;
    }

    private static void Add(
        OpenApiDocument whole, SharedComponents components, IDictionary<string, string> missing, string source, string json, Func<string, string, bool> forwarded)
    {
        if (ParsedObject(json) is not { } parsed)
        {
            missing[source] = "unreadable: not a JSON object";
            return;
        }
        components.Rename(parsed, source);
        var read = new OpenApiJsonReader().Read(parsed, new Uri($"urn:metering:{source}"), new OpenApiReaderSettings());
        if (read.Document is not { } document || read.Diagnostic?.Errors.Count > 0)
        {
            missing[source] = $"unreadable: {string.Join("; ", read.Diagnostic?.Errors.Select(e => e.ToString()) ?? [])}";
            return;
        }
        components.Take(parsed);

        foreach (var (path, item) in document.Paths)
        {
            if (item is not OpenApiPathItem pathItem) continue;
            var operations = (pathItem.Operations ?? []).Where(operation => forwarded(operation.Key.Method.ToUpperInvariant(), path)).ToList();
            if (operations.Count == 0) continue;
            pathItem.Operations = operations.ToDictionary();
            if (!whole.Paths.TryAdd(path, pathItem) && whole.Paths[path] is OpenApiPathItem existing)
                foreach (var (method, operation) in operations) (existing.Operations ??= []).TryAdd(method, operation);
        }

        // Services that share a tag (Audit) describe it in one of them: the description is taken from whichever has one.
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (whole.Tags!.FirstOrDefault(taken => taken.Name == tag.Name) is { } taken) taken.Description ??= tag.Description;
            else whole.Tags!.Add(tag);

        // Identical components are shared and different ones were renamed, so the first of a name is the one to keep.
        var from = document.Components ?? new OpenApiComponents();
        var into = whole.Components!;
        into.Schemas = Union(into.Schemas, from.Schemas);
        into.Responses = Union(into.Responses, from.Responses);
        into.Parameters = Union(into.Parameters, from.Parameters);
        into.Examples = Union(into.Examples, from.Examples);
        into.RequestBodies = Union(into.RequestBodies, from.RequestBodies);
        into.Headers = Union(into.Headers, from.Headers);
        into.Links = Union(into.Links, from.Links);
        into.Callbacks = Union(into.Callbacks, from.Callbacks);
        into.PathItems = Union(into.PathItems, from.PathItems);
        into.SecuritySchemes = Union(into.SecuritySchemes, from.SecuritySchemes);
    }

    private static JsonObject? ParsedObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static IDictionary<string, T>? Union<T>(IDictionary<string, T>? into, IDictionary<string, T>? from)
    {
        if (from is null) return into;
        into ??= new Dictionary<string, T>();
        foreach (var (name, component) in from) into.TryAdd(name, component);
        return into;
    }
}
