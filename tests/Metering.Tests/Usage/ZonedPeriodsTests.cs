using Metering.Usage;

namespace Metering.Tests.Usage;

public class ZonedPeriodsTests
{
    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Theory]
    [InlineData("America/New_York", "2026-03-08", 23)]
    [InlineData("America/New_York", "2026-11-01", 25)]
    [InlineData("Europe/Berlin", "2026-03-29", 23)]
    [InlineData("Europe/Berlin", "2026-10-25", 25)]
    [InlineData("Asia/Kolkata", "2026-03-08", 24)]
    public void A_local_day_lasts_its_real_length(string zone, string date, int hours)
    {
        var start = ZonedPeriods.StartOfLocalDay(DateOnly.Parse(date), Zone(zone));
        var end = ZonedPeriods.EndOf(start, Granularity.Day, Zone(zone));

        Assert.Equal(TimeSpan.FromHours(hours), end - start);
    }

    [Fact]
    public void The_repeated_autumn_hour_in_New_York_is_two_hours_not_one()
    {
        var zone = Zone("America/New_York");
        var first = ZonedPeriods.StartOf(DateTimeOffset.Parse("2026-11-01T05:15:00Z"), Granularity.Hour, zone);
        var second = ZonedPeriods.StartOf(DateTimeOffset.Parse("2026-11-01T06:15:00Z"), Granularity.Hour, zone);

        Assert.Equal(DateTimeOffset.Parse("2026-11-01T01:00:00-04:00"), first);
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T01:00:00-05:00"), second);
        Assert.NotEqual(first.UtcDateTime, second.UtcDateTime);
    }

    [Fact]
    public void Kolkata_hours_start_on_the_half_hour_in_utc()
    {
        var start = ZonedPeriods.StartOf(DateTimeOffset.Parse("2026-11-23T04:45:00Z"), Granularity.Hour, Zone("Asia/Kolkata"));

        Assert.Equal(DateTimeOffset.Parse("2026-11-23T04:30:00Z"), start.ToUniversalTime());
    }

    [Fact]
    public void Folding_quarter_hours_into_local_days_splits_at_local_midnight()
    {
        var rows = new[]
        {
            new UsageBucketRow(DateTimeOffset.Parse("2026-11-23T18:00:00Z"), null, null, null, 100),
            new UsageBucketRow(DateTimeOffset.Parse("2026-11-23T18:15:00Z"), null, null, null, 900),
            new UsageBucketRow(DateTimeOffset.Parse("2026-11-23T18:30:00Z"), null, null, null, 600),
            new UsageBucketRow(DateTimeOffset.Parse("2026-11-23T18:45:00Z"), null, null, null, 300),
        };

        var days = UsageEndpoint.Fold(rows, Granularity.Day, Zone("Asia/Kolkata"));

        Assert.Equal(
            [("2026-11-23T00:00:00+05:30", 1000L), ("2026-11-24T00:00:00+05:30", 900L)],
            days.Select(d => (d.Start.ToString("yyyy-MM-ddTHH:mm:sszzz"), d.GpuSeconds)));
    }
}
