using System.Text.Json.Nodes;

namespace Gateway.ApiReference;

/// <summary>
/// The components (schemas, and any other kind but security schemes) already taken into the whole
/// API's document, as JSON by kind and name. Each service names its schemas after its own C# types,
/// so two services can use one name: a component identical to the one taken under its name is
/// shared, a different one is renamed after its source (`InvoicingChargeLine`) with every `$ref` to
/// it rewritten.
/// <para>
/// The renaming works on the document's JSON before Microsoft.OpenApi reads it: in its object model
/// a reference's id is fixed when the reference is made, and references sit in a dozen places
/// (properties, items, allOf, parameters, media types, headers, ...), while in the JSON every one
/// is a `$ref` string.
/// </para>
/// </summary>
public sealed class SharedComponents
{
    /// <summary>Referenced by name from security requirements, not by `$ref`; the gateway's own is the one a caller uses there.</summary>
    private const string SecuritySchemes = "securitySchemes";

    private readonly Dictionary<(string Kind, string Name), JsonNode?> _taken = [];

    /// <summary>
    /// Renames, in <paramref name="document"/>, each component whose name is taken by a different
    /// one, and rewrites the references to it. Repeated until nothing more differs, since renaming
    /// one component changes those that refer to it. Returns the references renamed, old to new.
    /// </summary>
    public IReadOnlyDictionary<string, string> Rename(JsonObject document, string source)
    {
        var references = new Dictionary<string, string>();
        if (document["components"] is not JsonObject components) return references;
        var renamed = new Dictionary<(string Kind, string Name), string>();
        bool renamedMore;
        do
        {
            renamedMore = false;
            foreach (var (kind, name, component) in ComponentsOf(components))
            {
                if (renamed.ContainsKey((kind, name))) continue;
                if (!_taken.TryGetValue((kind, name), out var taken) || JsonNode.DeepEquals(taken, WithReferences(component, references))) continue;
                renamed[(kind, name)] = FreeName(kind, name, source, components, renamed.Values);
                references[Reference(kind, name)] = Reference(kind, renamed[(kind, name)]);
                renamedMore = true;
            }
        } while (renamedMore);

        foreach (var ((kind, name), newName) in renamed)
        {
            var ofKind = components[kind]!.AsObject();
            var component = ofKind[name];
            ofKind.Remove(name);
            ofKind[newName] = component;
        }
        RewriteReferences(document, references);
        return references;
    }

    /// <summary>Records the components of a document taken into the whole one (after <see cref="Rename"/>).</summary>
    public void Take(JsonObject document)
    {
        if (document["components"] is not JsonObject components) return;
        foreach (var (kind, name, component) in ComponentsOf(components))
            _taken.TryAdd((kind, name), component?.DeepClone());
    }

    private static IEnumerable<(string Kind, string Name, JsonNode? Component)> ComponentsOf(JsonObject components) =>
        components
            .Where(kind => kind.Key != SecuritySchemes && kind.Value is JsonObject)
            .SelectMany(kind => kind.Value!.AsObject().Select(component => (kind.Key, component.Key, component.Value)));

    private string FreeName(string kind, string name, string source, JsonObject components, IEnumerable<string> chosen)
    {
        var prefix = string.Concat(source.Split('-', '_', '.').Select(word => word.Length == 0 ? "" : char.ToUpperInvariant(word[0]) + word[1..]));
        var candidate = prefix + name;
        for (var n = 2; _taken.ContainsKey((kind, candidate)) || components[kind]!.AsObject().ContainsKey(candidate) || chosen.Contains(candidate); n++)
            candidate = $"{prefix}{name}{n}";
        return candidate;
    }

    private static string Reference(string kind, string name) => $"#/components/{kind}/{name}";

    private static JsonNode? WithReferences(JsonNode? component, IReadOnlyDictionary<string, string> renames)
    {
        var copy = component?.DeepClone();
        RewriteReferences(copy, renames);
        return copy;
    }

    private static void RewriteReferences(JsonNode? node, IReadOnlyDictionary<string, string> renames)
    {
        switch (node)
        {
            case JsonObject item:
                if (item["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target) && renames.TryGetValue(target, out var renamed))
                    item["$ref"] = renamed;
                foreach (var (_, child) in item.ToList()) RewriteReferences(child, renames);
                break;
            case JsonArray items:
                foreach (var child in items) RewriteReferences(child, renames);
                break;
        }
    }
}
