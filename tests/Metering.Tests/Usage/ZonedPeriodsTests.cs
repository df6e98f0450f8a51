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

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Europe/Berlin")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kathmandu")]
    public void A_fold_puts_every_bucket_of_a_year_in_the_period_its_own_start_and_end_give(string id)
    {
        var zone = Zone(id);
        var first = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
        // Every quarter hour of the year, for two models, in an order no period follows.
        var rows = Enumerable.Range(0, 365 * 96)
            .SelectMany(quarter => new[] { "H100", "A100" }.Select(model =>
                new UsageBucketRow(first.AddMinutes(15 * quarter), model, null, model == "A100" ? "node-b" : "node-a", quarter % 7 + 1)))
            .OrderBy(row => row.GpuSeconds).ThenByDescending(row => row.BucketStart)
            .ToList();

        foreach (var granularity in Enum.GetValues<Granularity>())
        {
            var expected = rows
                .GroupBy(row => (Start: ZonedPeriods.StartOf(row.BucketStart, granularity, zone), row.GpuModel, row.NodeId))
                .OrderBy(group => group.Key.Start).ThenBy(group => group.Key.GpuModel, StringComparer.Ordinal)
                .Select(group => (group.Key.Start, ZonedPeriods.EndOf(group.Key.Start, granularity, zone), group.Key.GpuModel, group.Key.NodeId, group.Sum(row => row.GpuSeconds)))
                .ToList();

            var folded = UsageEndpoint.Fold(rows, granularity, zone)
                .Select(bucket => (bucket.Start, bucket.End, bucket.GpuModel, bucket.NodeId, bucket.GpuSeconds))
                .ToList();

            Assert.Equal(expected, folded);
        }
    }
}
