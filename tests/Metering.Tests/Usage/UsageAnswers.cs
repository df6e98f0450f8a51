using System.Globalization;
using System.Text.Json;

namespace Metering.Tests.Usage;

/// <summary>A usage answer as lines that compare whole: each period's start, dimensions and GPU-seconds.</summary>
public static class UsageAnswers
{
    /// <summary>
    /// Computed from the seconds sent, not from the service's periods: a second belongs to the local
    /// quarter or hour it falls in (with the offset it has then, so a repeated autumn hour is two
    /// periods), or to its local date.
    /// </summary>
    public static List<string> Expected(
        IEnumerable<GpuSecond> sent, TimeZoneInfo zone, string granularity, string groupBy, DateTimeOffset from, DateTimeOffset to)
    {
        var (byModel, byNode) = (groupBy.Contains("gpuModel"), groupBy.Contains("node"));
        return sent
            .Where(s => s.TenantId == UsageFleet.Tenant && s.Second >= from && s.Second < to)
            .GroupBy(s =>
            {
                var local = TimeZoneInfo.ConvertTime(s.Second, zone);
                var start = granularity switch
                {
                    "15m" => local.AddSeconds(-(local.Minute % 15 * 60 + local.Second)),
                    "hour" => local.AddSeconds(-(local.Minute * 60 + local.Second)),
                    _ => new DateTimeOffset(local.Date, TimeSpan.Zero),
                };
                return Line(start, granularity, byModel ? s.Model : null, byModel ? s.MigProfile : null, byNode ? s.NodeId : null);
            })
            .Select(g => $"{g.Key} {g.LongCount()}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static List<string> Answered(string body, string granularity) =>
        JsonDocument.Parse(body).RootElement.GetProperty("buckets").EnumerateArray()
            .Select(b =>
            {
                var start = b.GetProperty("start").GetDateTimeOffset();
                if (granularity == "day")
                {
                    Assert.Equal(TimeSpan.Zero, start.TimeOfDay);
                    start = new DateTimeOffset(start.Date, TimeSpan.Zero);
                }
                return $"{Line(start, granularity, Text(b, "gpuModel"), Text(b, "migProfile"), Text(b, "nodeId"))} {b.GetProperty("gpuSeconds").GetInt64()}";
            })
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string Line(DateTimeOffset start, string granularity, string? model, string? mig, string? node) =>
        $"{(granularity == "day" ? start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : start.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture))} {model} {mig} {node}";

    private static string? Text(JsonElement bucket, string name) => bucket.GetProperty(name).GetString();
}
