using System.Globalization;
using System.Text.Json;

namespace NodeAgent.Sampling.Amd;

/// <summary>
/// The shapes amd-smi's JSON comes in. Before amd-smi 26 the output is a bare list of GPUs; from
/// 26 on it is <c>{"gpu_data": [...]}</c>. A value is <c>{"value": 10, "unit": "W"}</c>, or the
/// string "N/A" where the GPU has no reading.
/// </summary>
internal static class AmdSmiJson
{
    /// <exception cref="FormatException">Neither shape, or a GPU without its index.</exception>
    public static IEnumerable<(int Index, JsonElement Gpu)> Gpus(string output)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(output).RootElement;
        }
        catch (JsonException exception)
        {
            throw new FormatException("amd-smi printed no JSON.", exception);
        }
        var list = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("gpu_data", out var wrapped) ? wrapped : root;
        if (list.ValueKind != JsonValueKind.Array) throw new FormatException("amd-smi's JSON is neither a list of GPUs nor a gpu_data wrapper.");
        return list.EnumerateArray().Select(gpu =>
            gpu.TryGetProperty("gpu", out var index) && index.TryGetInt32(out var value)
                ? (value, gpu)
                : throw new FormatException($"A GPU of amd-smi's JSON has no index: {gpu}"));
    }

    /// <summary>The text at a path of objects, or null where any step is missing or "N/A".</summary>
    public static string? Text(JsonElement gpu, params string[] path) =>
        At(gpu, path) is { ValueKind: JsonValueKind.String } text && text.GetString() is { } value && value is not ("N/A" or "")
            ? value
            : null;

    /// <summary>A <c>{value, unit}</c> at a path, in <paramref name="unit"/>, or null where it is missing or "N/A".</summary>
    /// <exception cref="FormatException">It is in a unit this agent does not convert.</exception>
    public static decimal? Quantity(JsonElement gpu, IReadOnlyDictionary<string, decimal> unitFactors, params string[] path)
    {
        if (At(gpu, path) is not { ValueKind: JsonValueKind.Object } quantity
            || !quantity.TryGetProperty("value", out var value)
            || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }
        var unit = quantity.TryGetProperty("unit", out var u) ? u.GetString() ?? "" : "";
        return unitFactors.TryGetValue(unit, out var factor)
            ? value.GetDecimal() * factor
            : throw new FormatException($"{string.Join('.', path)} is in '{unit}', not one of {string.Join(", ", unitFactors.Keys)}.");
    }

    private static JsonElement? At(JsonElement element, string[] path)
    {
        foreach (var step in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step, out element)) return null;
        }
        return element;
    }

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
