using GpuBilling.Periods;
using Invoicing.Periods;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Periods;

public class BillingPeriodTests
{
    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Theory]
    [InlineData("America/New_York", "2025-03-15T12:00:00Z", "2025-03-01T05:00:00Z", "2025-04-01T04:00:00Z", 743)]
    [InlineData("America/New_York", "2025-11-15T12:00:00Z", "2025-11-01T04:00:00Z", "2025-12-01T05:00:00Z", 721)]
    [InlineData("Europe/Berlin", "2025-03-15T12:00:00Z", "2025-02-28T23:00:00Z", "2025-03-31T22:00:00Z", 743)]
    [InlineData("Europe/Berlin", "2025-10-15T12:00:00Z", "2025-09-30T22:00:00Z", "2025-10-31T23:00:00Z", 745)]
    [InlineData("Asia/Kolkata", "2025-03-15T12:00:00Z", "2025-02-28T18:30:00Z", "2025-03-31T18:30:00Z", 744)]
    public void A_period_runs_from_local_midnight_to_local_midnight_and_lasts_its_real_length(
        string zone, string instant, string start, string end, int hours)
    {
        var period = BillingPeriod.Containing(At(instant), Zone(zone), anchorDay: 1);

        Assert.Equal(At(start), period.Start);
        Assert.Equal(At(end), period.End);
        Assert.Equal(hours, period.Length.TotalHours);
    }

    [Fact]
    public void A_march_period_in_new_york_bills_one_gpu_hour_less_than_its_days_times_24()
    {
        var period = BillingPeriod.Containing(At("2025-03-20T00:00:00Z"), Zone("America/New_York"), anchorDay: 1);
        var days = period.LocalEnd.DayNumber - period.LocalStart.DayNumber;

        // One GPU held for every second of the period.
        var gpuSeconds = (long)(period.End - period.Start).TotalSeconds;

        Assert.Equal(31, days);
        Assert.Equal(2_674_800, gpuSeconds);
        Assert.Equal(days * 24 - 1, gpuSeconds / 3600m);
    }

    [Fact]
    public void Kolkata_periods_change_on_the_half_hour_in_utc()
    {
        var zone = Zone("Asia/Kolkata");

        var before = BillingPeriod.Containing(At("2025-03-14T18:29:59Z"), zone, anchorDay: 15);
        var after = BillingPeriod.Containing(At("2025-03-14T18:30:00Z"), zone, anchorDay: 15);

        Assert.Equal(new DateOnly(2025, 2, 15), before.LocalStart);
        Assert.Equal(At("2025-03-14T18:30:00Z"), before.End);
        Assert.Equal(new DateOnly(2025, 3, 15), after.LocalStart);
        Assert.Equal(At("2025-04-14T18:30:00Z"), after.End);
        Assert.Equal(744, after.Length.TotalHours);
    }

    [Theory]
    [InlineData("America/New_York", 1)]
    [InlineData("America/New_York", 9)] // 9 March 2025 is New York's spring DST day
    [InlineData("America/New_York", 31)]
    [InlineData("Europe/Berlin", 30)]
    [InlineData("Europe/Berlin", 26)] // 26 October 2025 is Berlin's autumn DST day
    [InlineData("Asia/Kolkata", 15)]
    [InlineData("America/Santiago", 7)] // 7 September 2025 starts at 01:00: its midnight is skipped
    public void Consecutive_periods_tile_time_so_no_second_is_billed_twice_or_skipped(string zone, int anchorDay)
    {
        var tz = Zone(zone);
        var from = At("2024-12-20T00:00:00Z");
        var to = At("2026-01-10T00:00:00Z");

        var period = BillingPeriod.Containing(from, tz, anchorDay);
        var total = TimeSpan.Zero;
        var count = 0;
        while (period.Start < to)
        {
            var next = BillingPeriod.Containing(period.End, tz, anchorDay);
            Assert.Equal(period.End, next.Start);
            Assert.Equal(period, BillingPeriod.Containing(period.Start, tz, anchorDay));
            Assert.Equal(period, BillingPeriod.Containing(period.End.AddSeconds(-1), tz, anchorDay));
            Assert.Equal(period.LocalEnd, next.LocalStart);
            total += period.Length;
            count++;
            period = next;
        }

        var first = BillingPeriod.Containing(from, tz, anchorDay);
        Assert.Equal(period.Start - first.Start, total);
        Assert.True(count >= 13);
    }

    [Fact]
    public void A_period_whose_first_midnight_is_skipped_starts_at_the_first_local_instant_of_its_day()
    {
        // Santiago moves from 00:00 (UTC-4) straight to 01:00 (UTC-3) on 7 September 2025.
        var period = BillingPeriod.Containing(At("2025-09-20T00:00:00Z"), Zone("America/Santiago"), anchorDay: 7);

        Assert.Equal(new DateOnly(2025, 9, 7), period.LocalStart);
        Assert.Equal(At("2025-09-07T04:00:00Z"), period.Start);
    }

    [Theory]
    [InlineData(2025, 31, "2025-01-31", "2025-02-28", "2025-03-31")]
    [InlineData(2024, 31, "2024-01-31", "2024-02-29", "2024-03-31")]
    [InlineData(2025, 30, "2025-01-30", "2025-02-28", "2025-03-30")]
    public void In_a_short_month_the_period_starts_on_its_last_day(int year, int anchorDay, string january, string february, string march)
    {
        var zone = Zone("Europe/Berlin");
        var jan = BillingPeriod.Containing(new DateTimeOffset(year, 2, 10, 12, 0, 0, TimeSpan.Zero), zone, anchorDay);
        var feb = BillingPeriod.Containing(jan.End, zone, anchorDay);

        Assert.Equal(DateOnly.Parse(january), jan.LocalStart);
        Assert.Equal(DateOnly.Parse(february), feb.LocalStart);
        Assert.Equal(DateOnly.Parse(march), feb.LocalEnd);
    }

    [Fact]
    public void The_account_decides_the_zone_and_anchor_of_its_periods()
    {
        var berlin = Account(zone: "Europe/Berlin", anchorDay: 15);

        var period = BillingPeriod.Containing(At("2025-03-14T23:30:00Z"), berlin);

        Assert.Equal("2025-03-15..2025-04-14", period.ToString());
        Assert.Equal(At("2025-03-14T23:00:00Z"), period.Start);
        Assert.True(period.IsPeriodOf(berlin));
        Assert.False(period.IsPeriodOf(Acme));
    }
}
