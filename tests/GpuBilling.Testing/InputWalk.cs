using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GpuBilling.Testing;

/// <summary>One request of the walk: what it sends, and whether the document allows it.</summary>
public sealed record WalkCase(string Method, string Path, string Parameter, string Value, bool Allowed)
{
    public override string ToString() => $"{Method} {Path} ({Parameter}={Value}, {(Allowed ? "allowed" : "forbidden")})";
}

/// <summary>
/// Requests generated from an OpenAPI document alone: for every GET operation, each query parameter's
/// constraints (an enum, a minimum, a maximum, a pattern, lengths) just inside and just outside, the
/// other parameters left out; and a window across two parameters (`x-window`) of exactly its most days
/// and of one day more. Bounded: a few requests per constrained parameter, so the
/// whole API walks in seconds. Operations that change things are left to their own tests: a walk with
/// made-up bodies would mostly test the walk.
/// </summary>
public static class InputWalk
{
    /// <param name="pathValue">What to put for a path parameter, by its name, where its pattern takes it (<see cref="PathValues"/>).</param>
    /// <param name="given">Values sent for parameters of these names whenever the operation has them and the case is not about them (a tenant, a period).</param>
    public static IReadOnlyList<WalkCase> CasesOf(string document, Func<string, string> pathValue, IReadOnlyDictionary<string, string> given)
    {
        var cases = new List<WalkCase>();
        foreach (var (template, item) in JsonNode.Parse(document)!["paths"]!.AsObject())
        {
            if (item!["get"] is not JsonObject operation) continue;
            var path = PathValues.Fill(template, PathValues.Of(template, operation, pathValue));
            var query = (operation["parameters"] as JsonArray ?? []).OfType<JsonObject>().Where(p => (string?)p["in"] == "query").ToList();
            foreach (var parameter in query)
            {
                var name = (string)parameter["name"]!;
                if (parameter["schema"] is not JsonObject schema) continue;
                var others = query.Select(p => (string)p["name"]!).Where(n => n != name && given.ContainsKey(n))
                    .Select(n => $"&{Uri.EscapeDataString(n)}={Uri.EscapeDataString(given[n])}");
                foreach (var (value, allowed) in ValuesOf(schema))
                    cases.Add(new WalkCase("GET", $"{path}?{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}{string.Concat(others)}", name, value, allowed));
            }
            if (operation[WindowExtension] is JsonObject window) cases.AddRange(WindowCases(path, query, window, given));
        }
        return cases;
    }

    /// <summary>Where an operation states a rule across two parameters (GpuBilling.ServiceDefaults.WindowRule).</summary>
    public const string WindowExtension = "x-window";

    /// <summary>A window of exactly the most days the operation allows, and one a day longer (refused naming its end).</summary>
    private static IEnumerable<WalkCase> WindowCases(string path, List<JsonObject> query, JsonObject window, IReadOnlyDictionary<string, string> given)
    {
        var (fromName, toName, days) = ((string)window["from"]!, (string)window["to"]!, (int)window["maxDays"]!);
        var from = DateTimeOffset.Parse(given[fromName], CultureInfo.InvariantCulture);
        var others = string.Concat(query.Select(p => (string)p["name"]!).Where(n => n != fromName && n != toName && given.ContainsKey(n))
            .Select(n => $"&{Uri.EscapeDataString(n)}={Uri.EscapeDataString(given[n])}"));
        foreach (var (length, allowed) in new[] { (days, true), (days + 1, false) })
        {
            var to = from.AddDays(length).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            yield return new WalkCase("GET", $"{path}?{fromName}={Uri.EscapeDataString(given[fromName])}&{toName}={Uri.EscapeDataString(to)}{others}", toName, to, allowed);
        }
    }

    private static IEnumerable<(string Value, bool Allowed)> ValuesOf(JsonObject schema)
    {
        if (schema["enum"] is JsonArray values)
        {
            foreach (var value in values.OfType<JsonValue>().Select(v => v.ToString())) yield return (value, true);
            yield return ("not-one-of-them", false);
        }
        if (Bound(schema["minimum"]) is { } minimum)
        {
            yield return (Text(minimum), true);
            yield return (Text(minimum - 1), false);
        }
        if (Bound(schema["maximum"]) is { } maximum)
        {
            yield return (Text(maximum), true);
            yield return (Text(maximum + 1), false);
        }
        if (schema["type"] is JsonValue type && (string?)type == "integer") yield return ("1.5", false);
        var pattern = (string?)schema["pattern"];
        if (pattern is not null && !Regex.IsMatch(Unlike, pattern)) yield return (Unlike, false);
        if (Bound(schema["minLength"]) is > 0) yield return ("", false);
        if (Bound(schema["maxLength"]) is { } most)
        {
            var longest = new string('a', (int)most);
            if (pattern is null || Regex.IsMatch(longest, pattern)) yield return (longest, true);
            yield return (longest + "a", false);
        }
    }

    /// <summary>Text that no id, list or date pattern of the API takes.</summary>
    private const string Unlike = "~ not this ~";

    private static decimal? Bound(JsonNode? node) =>
        node is null ? null : decimal.Parse(node.ToString(), CultureInfo.InvariantCulture);

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
