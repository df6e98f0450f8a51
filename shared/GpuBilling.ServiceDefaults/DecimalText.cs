using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// Every decimal of the HTTP API (money, rates, quantities) is written as a JSON string holding its
/// exact text, scale kept (12.50 is "12.50"): a JSON number is read into binary floating point by
/// most clients, and 0.10 would come back as 0.1000000000000000055511151231257827. A decimal is
/// read from such a string or from a JSON number, so clients that send numbers keep working.
/// </summary>
public sealed class DecimalText : JsonConverter<decimal>
{
    /// <summary>The text written: an optional minus, digits, and a fraction only where the value's scale has one.</summary>
    public const string Pattern = @"^-?[0-9]+(\.[0-9]+)?$";

    private const NumberStyles Accepted = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>A sign, 29 digits and a decimal point: the longest text of a decimal.</summary>
    private const int LongestText = 31;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetDecimal(out var number) => number,
            JsonTokenType.String when decimal.TryParse(reader.GetString(), Accepted, CultureInfo.InvariantCulture, out var text) => text,
            // Without a message the serializer writes its own, naming the type and the field's path.
            _ => throw new JsonException(),
        };

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[LongestText];
        value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..written]);
    }
}
