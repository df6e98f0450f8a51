namespace Invoicing.Periods;

/// <summary>
/// Where a local date begins as an instant. The same rule as metering's usage read model
/// (Metering.Usage.ZonedPeriods), restated here because services share contracts, not code: a
/// billing period is then exactly a run of that read model's 15-minute UTC buckets.
/// </summary>
public static class LocalDays
{
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    /// <summary>The first instant of a local date: past a midnight that a DST jump skips, and the earlier of a repeated one.</summary>
    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local)) local = local.Add(Quarter);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
