using System.Text.Json;
using Metering.Ledger;

namespace Metering.Tests.Ledger;

public class SecondSetTests
{
    [Fact]
    public void Seconds_are_written_as_runs_and_read_back_exactly()
    {
        var set = SecondSet.Of([0, 1, 2, 3, 7, 3599, 9, 8]);

        Assert.Equal("0-3,7-9,3599", set.ToString());
        Assert.Equal(set, SecondSet.Parse(set.ToString()));
        Assert.Equal(8, set.Count);
    }

    [Fact]
    public void A_whole_hour_is_one_run_in_json()
    {
        var hour = SecondSet.Of(Enumerable.Range(0, 3600));

        Assert.Equal("\"0-3599\"", JsonSerializer.Serialize(hour));
        Assert.Equal(hour, JsonSerializer.Deserialize<SecondSet>("\"0-3599\""));
    }

    [Fact]
    public void Quarter_hour_counts_split_at_900_second_boundaries()
    {
        Assert.Equal([2, 0, 1, 1], SecondSet.Of([0, 899, 1800, 3599]).CountPerQuarterHour());
    }

    [Fact]
    public void A_second_outside_the_hour_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SecondSet.Of([3600]));
    }
}
