using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GpuBilling.Testing;

/// <summary>
/// Path parameters of an operation of an OpenAPI document, filled from the document alone: the value a
/// walk prefers for the name where the parameter's `pattern` and `maxLength` take it, else the first of
/// the API's id shapes built from it that they take; an integer is 1 and an enum its first value.
/// </summary>
public static class PathValues
{
    public static IReadOnlyDictionary<string, string> Of(string template, JsonObject operation, Func<string, string> preferred) =>
        Regex.Matches(template, "{([^}]+)}").Select(m => m.Groups[1].Value)
            .ToDictionary(name => name, name => ValueFor(SchemaOf(operation, name), preferred(name)), StringComparer.OrdinalIgnoreCase);

    /// <summary>The path with each parameter replaced by its value, escaped.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Regex.Replace(template, "{([^}]+)}", m => Uri.EscapeDataString(values[m.Groups[1].Value]));

    public static JsonObject? SchemaOf(JsonObject operation, string name) =>
        (operation["parameters"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(p => (string?)p["in"] == "path" && (string?)p["name"] == name)?["schema"] as JsonObject;

    /// <summary>A value the parameter's schema takes, <paramref name="preferred"/> where it does.</summary>
    public static string ValueFor(JsonObject? schema, string preferred)
    {
        if (schema?["enum"] is JsonArray values && values.FirstOrDefault(v => v is not null) is { } first) return first.ToString();
        if (schema?["type"] is JsonValue type && (string?)type == "integer") return "1";
        var pattern = (string?)schema?["pattern"];
        var most = schema?["maxLength"] is { } max ? (int)max : int.MaxValue;
        string[] shapes = [preferred, $"{preferred}@2026-01-01", $"CN-{preferred}-000001", "G1", $"whsub_{new string('0', 32)}", $"msg_{new string('0', 32)}", new string('0', 64)];
        return shapes.FirstOrDefault(s => s.Length <= most && (pattern is null || Regex.IsMatch(s, pattern)))
            ?? throw new InvalidOperationException($"No value the walk knows fits the pattern {pattern}: add its shape here.");
    }
}
