using System.Globalization;
using System.Text.Json;

namespace GpuBilling.Testing;

public static class DecimalJson
{
    /// <summary>
    /// A decimal as the API writes every decimal: a JSON string of its exact text. A JSON number
    /// fails, since most clients would read it into binary floating point.
    /// </summary>
    public static decimal GetDecimalText(this JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? decimal.Parse(element.GetString()!, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)
            : throw new FormatException($"{element.GetRawText()} is a JSON {element.ValueKind}, not a decimal string.");
}
