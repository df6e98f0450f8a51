using System.Runtime.InteropServices;
using GpuBilling.Periods;

namespace Metering.Usage;

public enum Granularity { QuarterHour, Hour, Day }

/// <summary>
/// Where a tenant's local hours and days begin, as UTC instants. Every period is a run of whole
/// 15-minute UTC buckets, so a DST day of 23 or 25 hours is simply fewer or more buckets, and a
/// repeated local hour in autumn is two periods, never one counted twice.
/// </summary>
public static class ZonedPeriods
{
    public static readonly TimeSpan Quarter = LocalDays.Quarter;

    public static DateTimeOffset StartOf(DateTimeOffset bucketUtc, Granularity granularity, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(bucketUtc, zone);
        return granularity switch
        {
            Granularity.QuarterHour => local,
            Granularity.Hour => local.AddMinutes(-local.Minute),
            Granularity.Day => StartOfLocalDay(DateOnly.FromDateTime(local.DateTime), zone),
            _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, null),
        };
    }

    public static DateTimeOffset EndOf(DateTimeOffset start, Granularity granularity, TimeZoneInfo zone) => granularity switch
    {
        Granularity.QuarterHour => TimeZoneInfo.ConvertTime(start + Quarter, zone),
        Granularity.Hour => TimeZoneInfo.ConvertTime(start.AddHours(1), zone),
        Granularity.Day => StartOfLocalDay(DateOnly.FromDateTime(start.DateTime).AddDays(1), zone),
        _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, null),
    };

    /// <summary>In the zone's offset at that instant, as the usage API prints period starts.</summary>
    public static DateTimeOffset StartOfLocalDay(DateOnly date, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(LocalDays.StartOf(date, zone), zone);
}

/// <summary>
/// One query's periods: a local day's start takes the zone's rules (a day may begin at 01:00 after
/// a DST change), microseconds each, where a month's answer folds thousands of buckets into 30 days;
/// each day's start is worked out once.
/// </summary>
public sealed class LocalPeriods(Granularity granularity, TimeZoneInfo zone)
{
    private readonly Dictionary<DateOnly, DateTimeOffset> _dayStarts = [];

    public DateTimeOffset StartOf(DateTimeOffset bucketUtc) =>
        granularity == Granularity.Day
            ? StartOfDay(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(bucketUtc, zone).DateTime))
            : ZonedPeriods.StartOf(bucketUtc, granularity, zone);

    public DateTimeOffset EndOf(DateTimeOffset start) =>
        granularity == Granularity.Day
            ? StartOfDay(DateOnly.FromDateTime(start.DateTime).AddDays(1))
            : ZonedPeriods.EndOf(start, granularity, zone);

    private DateTimeOffset StartOfDay(DateOnly date)
    {
        ref var start = ref CollectionsMarshal.GetValueRefOrAddDefault(_dayStarts, date, out var known);
        if (!known) start = ZonedPeriods.StartOfLocalDay(date, zone);
        return start;
    }
}
