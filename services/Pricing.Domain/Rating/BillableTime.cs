using Pricing.RateCards;

namespace Pricing.Rating;

/// <summary>
/// The billing increment and minimum duration of a rate card, applied to one allocation (a
/// tenant's workload on one GPU or MIG slice) for its whole time in a billing period under
/// one rate card version.
/// </summary>
/// <remarks>
/// Applied to the allocation's total seconds, not to each contiguous run: a run is broken
/// whenever a second goes unreported (a lost sample, an agent restart), and rounding each
/// piece up would bill the tenant for the metering system's own gaps. An allocation under two
/// versions in one period (a version took effect while it ran) is counted once per version,
/// because the two versions may count time differently.
/// </remarks>
public static class BillableTime
{
    public const long SecondsPerMinute = 60;

    /// <summary>
    /// Billable seconds for <paramref name="meteredSeconds"/> of one allocation. No time is no
    /// charge, minimum or not; otherwise the time is rounded up to the increment and then
    /// raised to the minimum (which the rate card keeps a whole number of increments).
    /// </summary>
    public static long Of(long meteredSeconds, BillingIncrement increment, TimeSpan? minimumDuration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(meteredSeconds);
        if (meteredSeconds == 0) return 0;

        var counted = increment switch
        {
            BillingIncrement.PerSecond => meteredSeconds,
            BillingIncrement.PerMinute => (meteredSeconds + SecondsPerMinute - 1) / SecondsPerMinute * SecondsPerMinute,
            _ => throw new ArgumentOutOfRangeException(nameof(increment), increment, "Unknown billing increment."),
        };
        var minimum = minimumDuration is { } m ? m.Ticks / TimeSpan.TicksPerSecond : 0;
        return Math.Max(counted, minimum);
    }

    public static long Of(long meteredSeconds, RateCardTerms terms) => Of(meteredSeconds, terms.Increment, terms.MinimumDuration);

    /// <summary>Whether the terms bill time as metered (per second, no minimum), so an allocation's seconds need not be known apart from its key's.</summary>
    public static bool IsMetered(RateCardTerms terms) => terms.Increment == BillingIncrement.PerSecond && terms.MinimumDuration is not { Ticks: > 0 };
}
