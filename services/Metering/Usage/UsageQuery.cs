using System.Globalization;
using FluentValidation;
using GpuBilling.Decisions;

namespace Metering.Usage;

/// <summary>The query string of `GET /v1/usage`, taken as text so a malformed value gets a problem naming it.</summary>
public sealed record UsageQuery(string? From, string? To, string? Granularity, string? Tz, string? GroupBy)
{
    public const int MaxDays = 366;
    public static readonly IReadOnlyDictionary<string, Granularity> Granularities = new Dictionary<string, Granularity>
    {
        ["15m"] = Usage.Granularity.QuarterHour,
        ["hour"] = Usage.Granularity.Hour,
        ["day"] = Usage.Granularity.Day,
    };
    public static readonly IReadOnlyList<string> Groupings = ["gpuModel", "node"];

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(Tz ?? "UTC");

    public Granularity ParsedGranularity => Granularities[Granularity ?? "hour"];

    public IReadOnlySet<string> ParsedGroupBy =>
        (GroupBy ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();

    /// <summary>The window: `from` defaults to the start of today in the zone, `to` to one day after `from`.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now)
    {
        var from = From is null
            ? ZonedPeriods.StartOfLocalDay(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime), Zone)
            : ParseInstant(From, Zone)!.Value;
        var to = To is null ? ZonedPeriods.EndOf(from, Usage.Granularity.Day, Zone) : ParseInstant(To, Zone)!.Value;
        return (from, to);
    }

    // Far enough apart for any bill, and far enough from DateTimeOffset's limits that a window
    // and its periods can always be computed.
    public const int FirstYear = 1970;
    public const int LastYear = 9000;

    /// <summary>An ISO 8601 date (local midnight in the zone), local date-time, or date-time with an offset.</summary>
    public static DateTimeOffset? ParseInstant(string text, TimeZoneInfo zone)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return InRange(date.Year) ? ZonedPeriods.StartOfLocalDay(date, zone) : null;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) || !InRange(parsed.Year))
            return null;
        if (parsed.Kind == DateTimeKind.Unspecified)
            return zone.IsInvalidTime(parsed) ? null : new DateTimeOffset(parsed, zone.GetUtcOffset(parsed));
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant) && InRange(instant.Year)
            ? instant
            : null;
    }

    private static bool InRange(int year) => year is >= FirstYear and < LastYear;

    /// <summary>
    /// How the document describes `from` and `to`: the years <see cref="ParseInstant"/> takes, as a
    /// pattern (1970 to 8999, written for <see cref="FirstYear"/> and <see cref="LastYear"/>; a test holds the two together).
    /// </summary>
    public static GpuBilling.ServiceDefaults.ParameterRule InstantRule(string name) => new(name, schema =>
    {
        schema.Pattern = InstantPattern;
        schema.Description = $"An ISO 8601 date (midnight in `tz`), local date-time or date-time with an offset, on a 15-minute boundary, in the years {FirstYear} to {LastYear - 1}; " +
                             $"`to` at most {MaxDays} days after `from`.";
    });

    public const string InstantPattern = "^(19[7-9][0-9]|[2-8][0-9]{3})-[0-9]{2}-[0-9]{2}([T ].+)?$";
}

public sealed class UsageQueryValidator : AbstractValidator<UsageQuery>
{
    public UsageQueryValidator(TimeProvider clock)
    {
        RuleFor(q => q.Tz)
            .Must(tz => tz is null || TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
            .WithMessage("'tz' must be an IANA time zone such as Europe/Berlin.")
            .OverridePropertyName("tz");
        RuleFor(q => q.Granularity)
            .IsOneOf(UsageQuery.Granularities.Keys)
            .WithMessage($"'granularity' must be one of: {string.Join(", ", UsageQuery.Granularities.Keys)}.")
            .OverridePropertyName("granularity");
        RuleFor(q => q.GroupBy)
            .IsListOf(UsageQuery.Groupings)
            .WithMessage($"'groupBy' must be a comma-separated list of: {string.Join(", ", UsageQuery.Groupings)}.")
            .OverridePropertyName("groupBy");

        When(q => q.Tz is null || TimeZoneInfo.TryFindSystemTimeZoneById(q.Tz, out _), () =>
        {
            RuleFor(q => q.From).Must((q, from) => IsQuarterAlignedInstant(from, q.Zone))
                .WithMessage($"'from' must be an ISO 8601 date or date-time on a 15-minute boundary, from {UsageQuery.FirstYear} to {UsageQuery.LastYear}.")
                .OverridePropertyName("from");
            RuleFor(q => q.To).Must((q, to) => IsQuarterAlignedInstant(to, q.Zone))
                .WithMessage($"'to' must be an ISO 8601 date or date-time on a 15-minute boundary, from {UsageQuery.FirstYear} to {UsageQuery.LastYear}.")
                .OverridePropertyName("to");
            RuleFor(q => q)
                .Must(q => q.Window(clock.GetUtcNow()) is var (from, to) && from < to && to - from <= TimeSpan.FromDays(UsageQuery.MaxDays))
                .When(q => IsQuarterAlignedInstant(q.From, q.Zone) && IsQuarterAlignedInstant(q.To, q.Zone))
                .OverridePropertyName("to")
                .WithMessage($"'to' must be after 'from' and at most {UsageQuery.MaxDays} days later.");
        });
    }

    private static bool IsQuarterAlignedInstant(string? text, TimeZoneInfo zone) =>
        text is null || UsageQuery.ParseInstant(text, zone) is { } instant && instant.ToUnixTimeSeconds() % 900 == 0 && instant.Millisecond == 0;
}
