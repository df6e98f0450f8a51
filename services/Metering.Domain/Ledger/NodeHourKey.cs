using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Metering.Ledger;

/// <summary>
/// The key of a node's ledger stream for one UTC hour (a stream per node per hour keeps streams
/// short and spreads writers across rows). Built and read only here, so no other kind of key can
/// be passed where a node-hour's is meant. The text is what is stored (stream ids, snapshot ids,
/// the <c>LedgerStream</c> of every published ledger event, advisory lock keys) and never
/// changes: "{node}@{hour, UTC}Z", node-1@2026-02-10T10Z.
/// </summary>
public readonly record struct NodeHourKey
{
    private const string HourFormat = "yyyy-MM-ddTHH";

    public NodeHourKey(string nodeId, DateTimeOffset hour)
    {
        NodeId = nodeId;
        Hour = LedgerStreams.HourOf(hour);
    }

    public string NodeId { get; }

    /// <summary>The start of the UTC hour (any instant in it names the same hour).</summary>
    public DateTimeOffset Hour { get; }

    // Formatted as it always was (the current culture, as interpolation does), so every key stays byte for byte what is stored.
    public override string ToString() => $"{NodeId}@{Hour.UtcDateTime:yyyy-MM-ddTHH}Z";

    /// <exception cref="FormatException">The text is not a node-hour key.</exception>
    public static NodeHourKey Parse(string key) =>
        TryParse(key, out var parsed)
            ? parsed
            : throw new FormatException($"'{key}' is not a ledger node-hour key: a node id, '@' and the UTC hour (node-1@2026-02-10T10Z).");

    /// <summary>Only text this type would write: <c>Parse(k.ToString()) == k</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? key, out NodeHourKey parsed)
    {
        parsed = default;
        var at = key?.LastIndexOf('@') ?? -1;
        if (at <= 0 || !key!.EndsWith('Z')
            || !DateTime.TryParseExact(key[(at + 1)..^1], HourFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var hour))
            return false;
        parsed = new NodeHourKey(key[..at], new DateTimeOffset(hour, TimeSpan.Zero));
        return true;
    }
}
