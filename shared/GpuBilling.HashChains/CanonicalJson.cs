using System.Buffers;
using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace GpuBilling.HashChains;

/// <summary>
/// One text for one value, whatever serializer settings stored it, so a hash computed today
/// can be recomputed by an auditor years later. The rules (close to RFC 8785, except numbers):
/// <list type="bullet">
/// <item>only data that round-trips: properties with a setter or init (computed getters such as
/// <c>Money.IsRounded</c> are left out, so adding one never breaks stored hashes);</item>
/// <item>nulls left out, so a nullable property added later keeps old events' hashes valid;</item>
/// <item>object keys in ordinal order, no whitespace;</item>
/// <item>numbers as exact decimals without trailing zeros (2.50 and 2.5 are one amount; money
/// never passes through binary floating point, which RFC 8785's number rule would require);</item>
/// <item>instants in UTC with a Z (the same instant written with another offset is the same data);</item>
/// <item>enums by name, so reordering an enum does not change history.</item>
/// </list>
/// The text is defined as <see cref="Options"/>' serialization rewritten by <see cref="Rewrite"/>
/// (keys sorted, numbers made exact): that is how every stored hash was computed. It is written
/// directly instead (<see cref="Direct"/>: each object's properties in ordinal order, decimals exact as
/// they are written, into a buffer reused by the thread), which gives the same bytes for every type it
/// takes on; the types it cannot show to (<see cref="ThroughDocument{T}"/>) still go the defining way.
/// </summary>
public static class CanonicalJson
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

    /// <summary>
    /// <see cref="Options"/> writing the canonical text at once. What it writes differently is only what
    /// <see cref="Rewrite"/> would change: properties come sorted and decimals exact. Integers, strings,
    /// enums' names and instants already come out of <see cref="Options"/> as the rewrite leaves them.
    /// </summary>
    private static readonly JsonSerializerOptions Direct = new()
    {
        DefaultIgnoreCondition = Options.DefaultIgnoreCondition,
        Encoder = Options.Encoder,
        // First match wins: enums and instants as in Options, before a type's own converter is looked at.
        Converters = { new JsonStringEnumConverter(), new UtcInstantConverter(), new ExactDecimalConverter(), new ThroughDocumentFactory() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OnlyDataThatRoundTrips, InOrdinalOrder } },
    };

    /// <summary>A thread's buffer, given back to the collector when one value made it large.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    private const int LargestBufferKept = 1 << 20;

    /// <summary>The canonical text of <paramref name="value"/>, without the top-level property <paramref name="leaveOut"/>.</summary>
    public static string Of(object value, string? leaveOut = null) => Encoding.UTF8.GetString(Utf8(value, leaveOut));

    /// <summary>The canonical text's UTF-8 bytes (what a hash link is over), without the top-level property <paramref name="leaveOut"/>.</summary>
    public static byte[] Utf8Of(object value, string? leaveOut = null) => Utf8(value, leaveOut).ToArray();

    /// <summary>Whether two values are the same data by the rules above (records holding lists do not compare by value).</summary>
    public static bool SameData(object? a, object? b) =>
        a is null || b is null ? a is null && b is null : Utf8Of(a).AsSpan().SequenceEqual(Utf8(b, null));

    /// <summary>The canonical text's UTF-8 in the calling thread's buffer: valid until the thread's next call.</summary>
    internal static ReadOnlySpan<byte> Utf8(object value, string? leaveOut)
    {
        if (_buffer is { Capacity: > LargestBufferKept }) _buffer = null;
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);

        var type = Direct.GetTypeInfo(value.GetType());
        if (type.Converter is IThroughDocument)
        {
            using var document = JsonSerializer.SerializeToDocument(value, value.GetType(), Options);
            Rewrite(writer, document.RootElement, leaveOut);
            writer.Flush();
            return buffer.WrittenSpan;
        }
        JsonSerializer.Serialize(writer, value, type);
        writer.Flush();
        var written = MemoryMarshal.AsMemory(buffer.WrittenMemory).Span;
        return leaveOut is null || type.Kind != JsonTypeInfoKind.Object ? written : Without(written, leaveOut);
    }

    /// <summary>The object's text without its property <paramref name="name"/>, cut out where it lies (the object's names are unique).</summary>
    private static Span<byte> Without(Span<byte> json, string name)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var found = reader.ValueTextEquals(name);
            reader.Read();
            reader.Skip();
            if (!found) continue;
            var end = (int)reader.BytesConsumed;
            // Its comma goes with it: the one before it, or the one after it when it was the first.
            if (json[start - 1] == (byte)',') start--;
            else if (json[end] == (byte)',') end++;
            json[end..].CopyTo(json[start..]);
            return json[..^(end - start)];
        }
        return json;
    }

    /// <summary>What defines the text: the serialization by <see cref="Options"/> with keys sorted and numbers made exact.</summary>
    private static void Rewrite(Utf8JsonWriter writer, JsonElement element, string? leaveOut)
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
                    Rewrite(writer, property.Value, null);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Rewrite(writer, item, null);
                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                Span<byte> text = stackalloc byte[ExactLength];
                if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    writer.WriteRawValue(Exact(value, text), skipInputValidation: true);
                else
                    writer.WriteRawValue(raw, skipInputValidation: true);
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private const int ExactLength = 64;

    /// <summary>The decimal's digits without trailing zeros after its point, and never "-0".</summary>
    private static ReadOnlySpan<byte> Exact(decimal value, Span<byte> text)
    {
        value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        ReadOnlySpan<byte> exact = text[..length];
        if (exact.Contains((byte)'.')) exact = exact.TrimEnd((byte)'0').TrimEnd((byte)'.');
        return exact.SequenceEqual("-0"u8) ? "0"u8 : exact;
    }

    private static void OnlyDataThatRoundTrips(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        for (var i = type.Properties.Count - 1; i >= 0; i--)
            if (type.Properties[i].Set is null) type.Properties.RemoveAt(i);
    }

    private static void InOrdinalOrder(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        var sorted = type.Properties.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        type.Properties.Clear();
        for (var i = 0; i < sorted.Count; i++)
        {
            sorted[i].Order = i;
            type.Properties.Add(sorted[i]);
        }
    }

    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        {
            Span<byte> text = stackalloc byte[MaxInstantLength];
            if (!value.UtcDateTime.TryFormat(text, out var length, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture))
                throw new UnreachableException("An instant's text is longer than its longest.");
            writer.WriteStringValue(text[..length]);
        }

        /// <summary>`yyyy-MM-ddTHH:mm:ss.FFFFFFFZ` at its longest.</summary>
        private const int MaxInstantLength = 28;
    }

    /// <summary>A decimal as <see cref="Rewrite"/> leaves it: its own digits parse back to itself, so the rewrite's parse is skipped.</summary>
    private sealed class ExactDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
        {
            Span<byte> text = stackalloc byte[ExactLength];
            writer.WriteRawValue(Exact(value, text), skipInputValidation: true);
        }
    }

    private interface IThroughDocument;

    /// <summary>
    /// The types whose text <see cref="Direct"/> cannot show to be what <see cref="Rewrite"/> makes of
    /// <see cref="Options"/>' text: a converter of their own (it may write numbers or objects as it
    /// likes), floating point (its text is not a decimal's), dictionaries (written in their own order),
    /// raw JSON, and types whose attributes change how they are written (extension data, numbers as
    /// strings, polymorphism). Taking a type here is always safe, only slower.
    /// </summary>
    private sealed class ThroughDocumentFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type type) =>
            type == typeof(double) || type == typeof(float) || type == typeof(Half)
            || type == typeof(JsonElement) || type == typeof(JsonDocument) || typeof(JsonNode).IsAssignableFrom(type)
            || IsDictionary(type)
            || HasAny(type, typeof(JsonConverterAttribute), typeof(JsonNumberHandlingAttribute), typeof(JsonPolymorphicAttribute), typeof(JsonDerivedTypeAttribute))
            || type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .Any(m => HasAny(m, typeof(JsonConverterAttribute), typeof(JsonExtensionDataAttribute), typeof(JsonNumberHandlingAttribute)));

        public override JsonConverter CreateConverter(Type type, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ThroughDocument<>).MakeGenericType(type))!;

        private static bool IsDictionary(Type type) =>
            typeof(IDictionary).IsAssignableFrom(type)
            || type.GetInterfaces().Append(type).Any(i => i.IsGenericType
                && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));

        private static bool HasAny(MemberInfo member, params Type[] attributes) => attributes.Any(a => member.IsDefined(a, inherit: true));
    }

    /// <summary>The value the defining way: serialized by <see cref="Options"/>, then rewritten.</summary>
    private sealed class ThroughDocument<T> : JsonConverter<T>, IThroughDocument
    {
        // A converter that writes nulls itself writes them here too.
        public override bool HandleNull { get; } = Options.GetConverter(typeof(T)) is JsonConverter<T> { HandleNull: true };

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("The canonical text is only ever written.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            using var document = JsonSerializer.SerializeToDocument(value, typeof(T), Options);
            Rewrite(writer, document.RootElement, null);
        }
    }
}
