using System.Globalization;
using System.Text.Json.Serialization;
namespace GpuBilling.Periods;

/// <summary>
/// One billing period, <c>[Start, End)</c> in UTC, from local midnight of one anchor day to local
/// midnight of the next in the tenant's zone. Each period's end is the next one's start, so
/// periods tile time: no second is billed twice or skipped, and a period with a DST change is an
/// hour shorter or longer than its days times 24.
/// </summary>
/// <param name="LocalStart">The local date the period starts on (its anchor day).</param>
/// <param name="LocalEnd">The local date the next period starts on: the last day billed is the day before.</param>
public sealed record BillingPeriod(DateOnly LocalStart, DateOnly LocalEnd, DateTimeOffset Start, DateTimeOffset End)
{
    [JsonIgnore]
    public TimeSpan Length => End - Start;

    [JsonIgnore]
    public DateOnly LastDay => LocalEnd.AddDays(-1);

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    public static BillingPeriod Containing(DateTimeOffset instant, TimeZoneInfo zone, int anchorDay)
    {
        var date = LocalDays.DateOf(instant, zone);
        var period = Starting(AnchorDate(date.Year, date.Month, anchorDay), zone, anchorDay);
        // Instants, not local dates, decide: where a zone repeats the hour before midnight, a local
        // date can read "yesterday" at an instant already past today's midnight.
        while (instant < period.Start) period = period.Previous(zone, anchorDay);
        while (instant >= period.End) period = period.Next(zone, anchorDay);
        return period;
    }

    /// <summary>Whether this is one of the periods cut in <paramref name="zone"/> from <paramref name="anchorDay"/> (a command naming a period it did not cut is refused).</summary>
    public bool IsPeriodOf(TimeZoneInfo zone, int anchorDay) => Containing(Start, zone, anchorDay) == this;

    public override string ToString() =>
        $"{LocalStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}..{LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public BillingPeriod Next(TimeZoneInfo zone, int anchorDay) => Starting(LocalEnd, zone, anchorDay);

    public BillingPeriod Previous(TimeZoneInfo zone, int anchorDay)
    {
        var month = LocalStart.AddMonths(-1);
        return Starting(AnchorDate(month.Year, month.Month, anchorDay), zone, anchorDay);
    }

    private static BillingPeriod Starting(DateOnly localStart, TimeZoneInfo zone, int anchorDay)
    {
        var month = localStart.AddMonths(1);
        var localEnd = AnchorDate(month.Year, month.Month, anchorDay);
        return new BillingPeriod(localStart, localEnd, LocalDays.StartOf(localStart, zone), LocalDays.StartOf(localEnd, zone));
    }

    /// <summary>The anchor day of a month, or the month's last day when it is shorter (anchor 31 starts on 28 or 29 February).</summary>
    public static DateOnly AnchorDate(int year, int month, int anchorDay)
    {
        if (anchorDay is < 1 or > 31) throw new ArgumentOutOfRangeException(nameof(anchorDay), anchorDay, "An anchor day is from 1 to 31.");
        return new DateOnly(year, month, Math.Min(anchorDay, DateTime.DaysInMonth(year, month)));
    }
}
