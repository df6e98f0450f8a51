using Pricing.RateCards;
using Pricing.Rating;

namespace Pricing.Tests.Rating;

public class BillableTimeTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(61, 61)]
    [InlineData(3600, 3600)]
    public void Per_second_bills_every_second_as_metered(long metered, long billable) =>
        Assert.Equal(billable, BillableTime.Of(metered, BillingIncrement.PerSecond, null));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 60)]
    [InlineData(59, 60)]
    [InlineData(60, 60)]
    [InlineData(61, 120)]
    [InlineData(3599, 3600)]
    public void Per_minute_rounds_an_allocations_time_up_to_the_whole_minute(long metered, long billable) =>
        Assert.Equal(billable, BillableTime.Of(metered, BillingIncrement.PerMinute, null));

    [Theory]
    [InlineData(BillingIncrement.PerSecond, 0, 0)]
    [InlineData(BillingIncrement.PerSecond, 1, 300)]
    [InlineData(BillingIncrement.PerSecond, 299, 300)]
    [InlineData(BillingIncrement.PerSecond, 301, 301)]
    [InlineData(BillingIncrement.PerMinute, 61, 300)]
    [InlineData(BillingIncrement.PerMinute, 301, 360)]
    public void An_allocation_shorter_than_the_minimum_is_billed_the_minimum_and_no_time_is_billed_nothing(
        BillingIncrement increment, long metered, long billable) =>
        Assert.Equal(billable, BillableTime.Of(metered, increment, TimeSpan.FromMinutes(5)));
}
