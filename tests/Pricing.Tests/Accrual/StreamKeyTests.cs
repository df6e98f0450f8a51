using Pricing.Accrual;
using Pricing.RateCards;

namespace Pricing.Tests.Accrual;

/// <summary>Stream keys are stored (stream ids, snapshots, claims, lineage): their text never changes, and one kind never reads as another.</summary>
public class StreamKeyTests
{
    [Theory]
    [InlineData("acme", "2026-02-01T00:00:00+00:00", "acme@2026-02-01T00:00Z")]
    // Local midnight of 1 March in Kolkata (+05:30) and in Kathmandu (+05:45), written in UTC.
    [InlineData("kolkata", "2026-03-01T00:00:00+05:30", "kolkata@2026-02-28T18:30Z")]
    [InlineData("nepal", "2026-03-01T00:00:00+05:45", "nepal@2026-02-28T18:15Z")]
    public void An_accrual_stream_key_is_written_as_it_always_was_and_reads_back(string tenant, string periodStart, string text)
    {
        var key = new AccrualStreamKey(tenant, DateTimeOffset.Parse(periodStart));

        Assert.Equal(text, key.ToString());
        Assert.Equal(key, AccrualStreamKey.Parse(text));
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("enterprise-list")]
    [InlineData("node-1@2026-02-10T10Z")]
    [InlineData("acme@2026-02-01")]
    [InlineData("@2026-02-01T00:00Z")]
    public void Text_that_is_not_an_accrual_stream_key_is_refused(string text) =>
        Assert.False(AccrualStreamKey.TryParse(text, out _));

    [Fact]
    public void A_rate_card_key_is_the_card_id_and_an_accrual_key_is_not_one()
    {
        Assert.Equal("enterprise-list", new RateCardKey("enterprise-list").ToString());
        Assert.Equal(new RateCardKey("enterprise-list"), RateCardKey.Parse("enterprise-list"));
        Assert.False(RateCardKey.TryParse("acme@2026-02-01T00:00Z", out _));
        Assert.False(RateCardKey.TryParse("", out _));
    }
}
