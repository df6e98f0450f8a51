using Metering.Ledger;

namespace Metering.Tests.Ledger;

/// <summary>The set's operations at the edges of its runs, each checked against the same operation on plain seconds.</summary>
public class SecondSetRangeTests
{
    private const int Last = SecondSet.SecondsPerHour - 1;

    public static TheoryData<int[], int[]> Pairs => new()
    {
        { [], [] },
        { [], [0, 1, 2] },
        { [0, 1, 2], [3, 4] },           // adjacent: one run when joined
        { [0, 1, 2, 3], [2, 3, 4, 5] },  // overlapping
        { [5], [5] },                    // the same single second
        { [5], [4, 6] },                 // single seconds either side
        { [Last], [Last - 1] },          // the largest second
        { [0, Last], [.. Enumerable.Range(0, SecondSet.SecondsPerHour)] },
        { [10, 11, 12, 20, 21, 30], [11, 20, 21, 22, 29, 31] },
        { [.. Enumerable.Range(100, 50)], [99, 120, 150] },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Unions_intersections_differences_and_overlaps_are_those_of_the_seconds(int[] a, int[] b)
    {
        var (left, right) = (SecondSet.Of(a), SecondSet.Of(b));

        Assert.Equal(a.Union(b).Order(), left.Union(right).Seconds());
        Assert.Equal(a.Intersect(b).Order(), left.Intersect(right).Seconds());
        Assert.Equal(a.Except(b).Order(), left.Except(right).Seconds());
        Assert.Equal(b.Except(a).Order(), right.Except(left).Seconds());
        Assert.Equal(a.Intersect(b).Any(), left.Overlaps(right));
        Assert.Equal(a.Union(b).Distinct().Count(), left.Union(right).Count);
        Assert.Equal(SecondSet.Of([.. a, .. b]), left.Union(right));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Text_bitmaps_and_membership_round_trip_run_by_run(int[] a, int[] _)
    {
        var set = SecondSet.Of(a);

        Assert.Equal(set, SecondSet.Parse(set.ToString()));
        Assert.Equal(set, SecondSet.FromBitmap(set.ToBitmap()));
        Assert.All(Enumerable.Range(-1, SecondSet.SecondsPerHour + 2), s => Assert.Equal(a.Contains(s), set.Contains(s)));
        Assert.Equal([.. Enumerable.Range(0, 4).Select(q => a.Distinct().Count(s => s / 900 == q))], set.CountPerQuarterHour());
    }

    [Fact]
    public void Adjacent_and_overlapping_runs_in_text_read_as_one_run_whatever_their_order()
    {
        var set = SecondSet.Parse("10-19,0-9,15-25,27,26");

        Assert.Equal("0-27", set.ToString());
        Assert.Equal(28, set.Count);
        Assert.Single(set.Runs.ToArray());
    }

    [Fact]
    public void A_run_written_backwards_names_no_second_and_one_past_the_hour_is_refused()
    {
        Assert.True(SecondSet.Parse("5-3").IsEmpty);
        Assert.Equal("3599", SecondSet.Parse("3599").ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => SecondSet.Parse("3598-3600"));
        Assert.Throws<ArgumentOutOfRangeException>(() => SecondSet.Parse("-1"));
        Assert.Throws<FormatException>(() => SecondSet.Parse("3-"));
    }

    [Fact]
    public void The_empty_set_has_no_text_no_first_second_and_an_empty_bitmap()
    {
        Assert.Equal("", SecondSet.Empty.ToString());
        Assert.Equal(SecondSet.Empty, SecondSet.Parse(""));
        Assert.Equal(SecondSet.Empty, SecondSet.Of([]));
        Assert.Throws<InvalidOperationException>(() => SecondSet.Empty.First());
        Assert.All(SecondSet.Empty.ToBitmap(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void First_and_last_are_the_ends_of_the_outer_runs()
    {
        var set = SecondSet.Parse("7-9,100,3590-3599");

        Assert.Equal(7, set.First());
        Assert.Equal(Last, set.Last());
        Assert.Equal(14, set.Count);
    }
}
