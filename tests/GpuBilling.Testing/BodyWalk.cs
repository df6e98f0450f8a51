using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GpuBilling.Testing;

/// <summary>One write of the walk: a body built from the operation's schema, and whether the document allows it.</summary>
/// <param name="Field">The JSON path of the field the case is about ("" for the body as generated, "body" for the body itself).</param>
public sealed record BodyCase(string Method, string Template, string Path, string Field, string Body, bool Allowed, string Why)
{
    /// <summary>The name a refusal must use: the field's own name, the last part of its path.</summary>
    public string Named => Regex.Replace(Field.Split('.')[^1], @"\[\d+\]$", "");

    public override string ToString() => $"{Method} {Path} ({(Field.Length == 0 ? "as generated" : Field)}: {Why}, {(Allowed ? "allowed" : "forbidden")}) {Body}";
}

/// <summary>
/// Writes generated from an OpenAPI document alone: for every operation with a JSON body, a body
/// the schema allows (its required properties, each the first value its constraints allow), then
/// for each constraint of each property one value just inside and one just outside it: enum values
/// and a value not among them, minimum and maximum and one past each, lengths, patterns, formats,
/// item counts, items of an enum and one not of it, a required property left out and a non-nullable one
/// sent as null, an optional object or list sent as generated and walked inside. Sampled, never a
/// cross product: one field off at a time, so the walk stays a few hundred requests.
/// </summary>
public static class BodyWalk
{
    /// <summary>Text tried, in order, for a string with a pattern: the first the pattern takes is what the walk sends.</summary>
    private static readonly string[] Candidates =
    [
        "walk-1", "USD", "DE", "1", "1.00:00:00", "2026-01-01T00:00:00Z", "2026-01-01", "Europe/Berlin", "https://hooks.example.com/walk",
        "invoice.finalized", "a", "A", "0",
    ];

    /// <summary>Text that no id, code, number or date pattern of the API takes.</summary>
    private const string Unlike = "~ not this ~";

    /// <summary>Every operation that takes a JSON body: its method, its path (parameters filled in, <see cref="PathValues"/>) and its body's schema.</summary>
    public static IEnumerable<(string Method, string Template, string Path, JsonObject Schema)> OperationsOf(JsonNode document, Func<string, string> pathValue) =>
        OperationsWithPathValuesOf(document, pathValue).Select(o => (o.Method, o.Template, PathValues.Fill(o.Template, o.InPath), o.Schema));

    private static IEnumerable<(string Method, string Template, JsonObject Operation, IReadOnlyDictionary<string, string> InPath, JsonObject Schema)> OperationsWithPathValuesOf(JsonNode document, Func<string, string> pathValue)
    {
        foreach (var (template, item) in document["paths"]!.AsObject())
        foreach (var method in new[] { "post", "put", "patch" })
        {
            if (item![method] is not JsonObject operation
                || operation["requestBody"]?["content"]?.AsObject().FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value?["schema"] is not JsonObject schema)
                continue;
            yield return (method.ToUpperInvariant(), template, operation, PathValues.Of(template, operation, pathValue), schema);
        }
    }

    /// <param name="pathValue">What to put for a path parameter, by its name; a body property of the same name gets the same value.</param>
    /// <param name="given">Values for body properties of these names wherever the schema allows them, where no constraint tells a valid one (a time zone).</param>
    public static IReadOnlyList<BodyCase> CasesOf(string document, Func<string, string> pathValue, IReadOnlyDictionary<string, string> given)
    {
        var root = JsonNode.Parse(document)!;
        var components = root["components"]?["schemas"]?.AsObject() ?? [];
        var cases = new List<BodyCase>();
        foreach (var (method, template, operation, inPath, schema) in OperationsWithPathValuesOf(root, pathValue))
        {
            var generator = new Generator(components, name => inPath.TryGetValue(name, out var value) || given.TryGetValue(name, out value) ? value : null, inPath.ContainsKey);
            var valid = generator.Valid(schema);
            if (valid is null) continue;
            cases.Add(new BodyCase(method, template, PathValues.Fill(template, inPath), "", valid.ToJsonString(), true, "as generated"));
            var variant = 0;
            foreach (var (field, body, allowed, why) in generator.Variants(schema, valid, valid, ""))
                cases.Add(new BodyCase(method, template, PathValues.Fill(template, OwnResource(operation, inPath, valid, pathValue, ++variant)), field, body.ToJsonString(), allowed, why));
        }
        return cases;
    }

    /// <summary>
    /// Each variant writes to a resource of its own where the body does not name the path's id (a rate card
    /// of its own, not a version after the one the generated body published), so what one case wrote
    /// never decides another's answer.
    /// </summary>
    private static IReadOnlyDictionary<string, string> OwnResource(
        JsonObject operation, IReadOnlyDictionary<string, string> inPath, JsonNode valid, Func<string, string> pathValue, int variant) =>
        inPath.ToDictionary(
            p => p.Key,
            p => valid is JsonObject body && body.Any(property => string.Equals(property.Key, p.Key, StringComparison.OrdinalIgnoreCase))
                ? p.Value
                : PathValues.ValueFor(PathValues.SchemaOf(operation, p.Key), $"{pathValue(p.Key)}-{variant}"),
            StringComparer.OrdinalIgnoreCase);

    private sealed class Generator(JsonObject components, Func<string, string?> givenFor, Func<string, bool> inPath)
    {
        /// <summary>Nested objects are walked this deep: deeper ones are sent as generated.</summary>
        private const int Depth = 2;

        public JsonObject Resolve(JsonObject schema)
        {
            while (schema["$ref"] is JsonValue reference && components[((string)reference!).Split('/')[^1]] is JsonObject target) schema = target;
            // A nullable use of a component: `oneOf: [null, the component]`; the value is the component's.
            if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray branches
                && branches.OfType<JsonObject>().FirstOrDefault(b => !IsNullOnly(b)) is { } branch)
                return Resolve(branch);
            return schema;
        }

        public JsonNode? Valid(JsonObject schema, int depth = 0)
        {
            schema = Resolve(schema);
            if (schema["enum"] is JsonArray values && values.FirstOrDefault(v => v is not null) is { } first) return first.DeepClone();
            var type = TypeOf(schema);
            switch (type)
            {
                case "object":
                    var body = new JsonObject();
                    foreach (var name in Required(schema))
                        if (schema["properties"]?[name] is JsonObject property && depth < 4)
                            body[name] = givenFor(name) is { } given && TypeOf(Resolve(property)) == "string" ? JsonValue.Create(given) : Valid(property, depth + 1);
                    return body;
                case "array":
                    var items = new JsonArray();
                    var count = Math.Max(1, Int(schema["minItems"]) ?? 1);
                    for (var i = 0; i < count && schema["items"] is JsonObject item; i++) items.Add(Distinct(Valid(item, depth + 1), i));
                    return items;
                case "integer" or "number":
                    return JsonValue.Create(Lowest(schema) ?? 1);
                case "boolean":
                    return JsonValue.Create(true);
                case "string":
                    return JsonValue.Create(ValidText(schema));
                default:
                    return null;
            }
        }

        /// <summary>Each constraint of each property of <paramref name="schema"/> (at <paramref name="at"/> in <paramref name="whole"/>) just inside and just outside.</summary>
        public IEnumerable<(string Field, JsonNode Body, bool Allowed, string Why)> Variants(JsonObject schema, JsonNode whole, JsonNode value, string at, int depth = 0)
        {
            schema = Resolve(schema);
            if (TypeOf(schema) != "object" || value is not JsonObject present || schema["properties"] is not JsonObject properties) yield break;
            var required = Required(schema).ToHashSet();
            foreach (var (name, node) in properties)
            {
                if (node is not JsonObject raw) continue;
                var field = at.Length == 0 ? name : $"{at}.{name}";
                if (required.Contains(name))
                {
                    yield return (field, With(whole, at, o => o.Remove(name)), false, "left out");
                    if (!AdmitsNull(raw)) yield return (field, With(whole, at, o => o[name] = null), false, "null");
                }
                var property = Resolve(raw);
                // A property the path also names must say what the path says: its value is not the body's to vary.
                var values = depth == 0 && inPath(name) ? Enumerable.Empty<(JsonNode?, bool, string)>() : ValuesOf(property);
                foreach (var (sent, allowed, why) in values)
                    yield return (field, With(whole, at, o => o[name] = sent), allowed, why);
                if (depth >= Depth) continue;
                // An optional object or list is walked inside too: sent as generated, then varied within.
                var (within, inner) = (whole, present[name]);
                if (inner is null && TypeOf(property) is "object" or "array" && Valid(property, depth + 1) is { } generated)
                {
                    (within, inner) = (With(whole, at, o => o[name] = generated.DeepClone()), generated);
                    yield return (field, within, true, "sent, as generated");
                }
                if (inner is JsonObject nested)
                    foreach (var variant in Variants(property, within, nested, field, depth + 1)) yield return variant;
                if (inner is JsonArray { Count: > 0 } list && list[0] is JsonObject element && property["items"] is JsonObject itemSchema)
                    foreach (var variant in Variants(itemSchema, within, element, $"{field}[0]", depth + 1)) yield return variant;
            }
        }

        private IEnumerable<(JsonNode? Value, bool Allowed, string Why)> ValuesOf(JsonObject schema)
        {
            if (schema["enum"] is JsonArray values)
            {
                foreach (var value in values.Where(v => v is not null)) yield return (value!.DeepClone(), true, "one of the enum");
                yield return (JsonValue.Create("not-one-of-them"), false, "not one of the enum");
                yield break;
            }
            switch (TypeOf(schema))
            {
                case "integer" or "number":
                    foreach (var bound in Bounds(schema, n => JsonValue.Create(n))) yield return bound;
                    if (TypeOf(schema) == "integer") yield return (JsonValue.Create(1.5m), false, "a fraction");
                    break;
                // A decimal travels as its text; its bounds are the number's.
                case "string" when (string?)schema["format"] == "decimal":
                    foreach (var bound in Bounds(schema, n => JsonValue.Create(n.ToString(CultureInfo.InvariantCulture)))) yield return bound;
                    yield return (JsonValue.Create(Unlike), false, "not a decimal");
                    break;
                case "string":
                    var pattern = (string?)schema["pattern"];
                    if (pattern is not null && !Regex.IsMatch(Unlike, pattern)) yield return (JsonValue.Create(Unlike), false, "not matching the pattern");
                    if ((string?)schema["format"] == "date-time") yield return (JsonValue.Create("not-a-date"), false, "not a date-time");
                    if (Int(schema["minLength"]) is > 0 and var least)
                    {
                        if (Fits(new string('a', least), pattern)) yield return (JsonValue.Create(new string('a', least)), true, "minLength");
                        yield return (JsonValue.Create(new string('a', least - 1)), false, "below minLength");
                    }
                    if (Int(schema["maxLength"]) is { } most)
                    {
                        if (Fits(new string('a', most), pattern)) yield return (JsonValue.Create(new string('a', most)), true, "maxLength");
                        yield return (JsonValue.Create(new string('a', most + 1)), false, "above maxLength");
                    }
                    break;
                case "array" when schema["items"] is JsonObject item && Valid(item) is { } one:
                    if (Resolve(item)["enum"] is JsonArray allowedItems && allowedItems.FirstOrDefault(v => v is not null) is { } first)
                    {
                        yield return (new JsonArray(first.DeepClone()), true, "an item of the enum");
                        yield return (new JsonArray(JsonValue.Create("not-one-of-them")), false, "an item not of the enum");
                    }
                    if (Int(schema["minItems"]) is > 0 and var fewest) yield return (new JsonArray([.. Enumerable.Range(0, fewest - 1).Select(i => Distinct(one, i))]), false, "below minItems");
                    // Items must differ to hold only one rule at a time (levels must not repeat): numbers can be made to.
                    if (Int(schema["maxItems"]) is { } most2 && IsCountable(item))
                    {
                        yield return (new JsonArray([.. Enumerable.Range(0, most2).Select(i => Distinct(one, i))]), true, "maxItems");
                        yield return (new JsonArray([.. Enumerable.Range(0, most2 + 1).Select(i => Distinct(one, i))]), false, "above maxItems");
                    }
                    break;
            }
        }

        private static IEnumerable<(JsonNode? Value, bool Allowed, string Why)> Bounds(JsonObject schema, Func<decimal, JsonNode> value)
        {
            if (Decimal(schema["minimum"]) is { } minimum) { yield return (value(minimum), true, "minimum"); yield return (value(minimum - 1), false, "below minimum"); }
            if (Decimal(schema["exclusiveMinimum"]) is { } above) { yield return (value(above + 1), true, "just above the exclusive minimum"); yield return (value(above), false, "exclusive minimum"); }
            if (Decimal(schema["maximum"]) is { } maximum) { yield return (value(maximum), true, "maximum"); yield return (value(maximum + 1), false, "above maximum"); }
            if (Decimal(schema["exclusiveMaximum"]) is { } below) { yield return (value(below - 1), true, "just below the exclusive maximum"); yield return (value(below), false, "exclusive maximum"); }
        }

        private bool IsCountable(JsonObject item)
        {
            var resolved = Resolve(item);
            return TypeOf(resolved) is "integer" or "number" || (string?)resolved["format"] == "decimal";
        }

        /// <summary>The <paramref name="index"/>th of distinct values like <paramref name="value"/>, where it is a number or a decimal's text.</summary>
        private static JsonNode? Distinct(JsonNode? value, int index)
        {
            if (value is JsonValue number && number.TryGetValue<decimal>(out var n)) return JsonValue.Create(n + index);
            if (value is JsonValue text && text.TryGetValue<string>(out var s) && decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
                return JsonValue.Create((d + index).ToString(CultureInfo.InvariantCulture));
            return value?.DeepClone();
        }

        private static JsonNode With(JsonNode whole, string at, Action<JsonObject> change)
        {
            var copy = whole.DeepClone();
            JsonNode target = copy;
            foreach (var part in at.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                var name = Regex.Replace(part, @"\[\d+\]$", "");
                target = target[name]!;
                if (part.EndsWith(']')) target = target[0]!;
            }
            change((JsonObject)target);
            return copy;
        }

        private static string ValidText(JsonObject schema)
        {
            var pattern = (string?)schema["pattern"];
            var text = (string?)schema["format"] switch
            {
                "date-time" => "2026-01-01T00:00:00Z",
                "date" => "2026-01-01",
                "uri" or "url" => "https://hooks.example.com/walk",
                "decimal" => (Lowest(schema) ?? 1).ToString(CultureInfo.InvariantCulture),
                _ => Candidates.FirstOrDefault(c => Fits(c, pattern)) ?? "walk-1",
            };
            if (Int(schema["minLength"]) is { } least && text.Length < least) text = text.PadRight(least, 'a');
            if (Int(schema["maxLength"]) is { } most && text.Length > most) text = text[..most];
            return text;
        }

        private static bool Fits(string text, string? pattern) => pattern is null || Regex.IsMatch(text, pattern);

        /// <summary>What the walk puts in a body: the properties the schema requires.</summary>
        private static IEnumerable<string> Required(JsonObject schema) => (schema["required"] as JsonArray ?? []).Select(r => (string)r!);

        private static decimal? Lowest(JsonObject schema) =>
            Decimal(schema["minimum"]) ?? (Decimal(schema["exclusiveMinimum"]) is { } above ? above + 1 : null);

        private static string? TypeOf(JsonObject schema) => schema["type"] switch
        {
            JsonValue type => (string?)type,
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
            _ => schema["properties"] is not null ? "object" : null,
        };

        private static bool IsNullOnly(JsonObject schema) => schema["type"] is JsonValue type && (string?)type == "null";

        private static bool AdmitsNull(JsonObject schema) =>
            schema["type"] is JsonArray types && types.Any(t => (string?)t == "null")
            || IsNullOnly(schema)
            || new[] { "oneOf", "anyOf" }.Any(k => schema[k] is JsonArray options && options.OfType<JsonObject>().Any(AdmitsNull));

        private static decimal? Decimal(JsonNode? node) => node is null ? null : decimal.Parse(node.ToString(), CultureInfo.InvariantCulture);

        private static int? Int(JsonNode? node) => node is null ? null : int.Parse(node.ToString(), CultureInfo.InvariantCulture);
    }
}
