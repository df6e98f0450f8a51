namespace GpuBilling.Periods;

/// <summary>
/// Where a local date begins as an instant. Metering's usage read model, pricing's accruals and
/// invoicing's periods all cut days with this one rule, so a billing period is exactly a run of
/// the read model's 15-minute UTC buckets and every service agrees on where a period starts.
/// </summary>
public static class LocalDays
{
    public static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

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
