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
