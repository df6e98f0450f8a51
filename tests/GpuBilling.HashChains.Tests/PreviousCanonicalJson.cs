using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace GpuBilling.HashChains.Tests;

/// <summary>
/// <see cref="CanonicalJson"/> as every stored hash was computed before it wrote the canonical text
/// directly: kept verbatim as the oracle the direct writer must equal byte for byte. Never change it.
/// </summary>
internal static class PreviousCanonicalJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The text is only ever hashed, never embedded in a page, so the minimal escaping is safe.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(), new UtcInstantConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OnlyDataThatRoundTrips } },
    };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Options.Encoder, Indented = false };

    /// <summary>The canonical text of <paramref name="value"/>, without the top-level property <paramref name="leaveOut"/>.</summary>
    public static string Of(object value, string? leaveOut = null)
    {
        using var document = JsonSerializer.SerializeToDocument(value, value.GetType(), Options);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            Write(writer, document.RootElement, leaveOut);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Whether two values are the same data by the rules above (records holding lists do not compare by value).</summary>
    public static bool SameData(object? a, object? b) =>
        a is null || b is null ? a is null && b is null : Of(a) == Of(b);

    private static void Write(Utf8JsonWriter writer, JsonElement element, string? leaveOut)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject()
                             .Where(p => p.Name != leaveOut)
                             .OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, null);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(writer, item, null);
                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(ExactNumber(element.GetRawText()), skipInputValidation: true);
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static string ExactNumber(string raw)
    {
        if (!decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return raw;
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.')) text = text.TrimEnd('0').TrimEnd('.');
        return text == "-0" ? "0" : text;
    }

    private static void OnlyDataThatRoundTrips(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        for (var i = type.Properties.Count - 1; i >= 0; i--)
            if (type.Properties[i].Set is null) type.Properties.RemoveAt(i);
    }

    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}
