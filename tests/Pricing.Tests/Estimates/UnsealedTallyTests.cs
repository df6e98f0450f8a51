using Metering.Contracts;
using Pricing.Accrual;
using Pricing.Estimates;
using Pricing.RateCards;
using static Pricing.Tests.Given;

namespace Pricing.Tests.Estimates;

/// <summary>The observed and sealed sides of the tallies, folded as pricing's table sums them, in every delivery order.</summary>
public class UnsealedTallyTests
{
    private static readonly DateTimeOffset Window = February.AddDays(19).AddHours(11).AddMinutes(55);
    private static readonly TallyKey Key = new("acme", "node-1", Window, H100);

    private static UsageObserved Observed(long gpuSeconds, DateTimeOffset? window = null) => new()
    {
        ObservationId = Guid.NewGuid(),
        ObservedAt = Window,
        Usage =
        [
            new ObservedUsage
            {
                TenantId = "acme", NodeId = "node-1", WindowStart = window ?? Window, Model = "H100",
                AllocationClass = AllocationClasses.OnDemand, GpuSeconds = gpuSeconds,
                LastSecond = (window ?? Window).AddSeconds(299), GpusAtLastSecond = 1,
            },
        ],
    };

    private static UsageAccrued Sealed(DateTimeOffset from, int seconds) =>
        AccrueUsageDecision.Decide(
            new AccrueUsage("acme", February, March, CardId, Guid.NewGuid().ToString(),
                [new AllocationUsage("job-1", "GPU-a", H100, [new UsageRun(from, seconds)], 0m)], Window, "pricing@test"),
            null, Card("USD", Terms(Rate.PerUnit(H100, 2m))));

    /// <summary>What the table holds after these deliveries, in this order.</summary>
    private static Dictionary<TallyKey, UnsealedTally> Fold(params object[] deliveries)
    {
        var tallies = new Dictionary<TallyKey, UnsealedTally>();
        void Add(TallyKey key, long observed, long sealedSeconds)
        {
            var t = tallies.GetValueOrDefault(key) ?? new UnsealedTally(key, 0, 0, null, 0);
            tallies[key] = t with { Observed = t.Observed + observed, Sealed = t.Sealed + sealedSeconds };
        }
        foreach (var delivery in deliveries)
        {
            if (delivery is UsageObserved observed)
                foreach (var t in UnsealedTally.Of(observed)) Add(t.Tally, t.Observed, 0);
            else
                foreach (var (key, seconds) in UnsealedTally.SealedBy("node-1", (UsageAccrued)delivery)) Add(key, 0, seconds);
        }
        return tallies;
    }

    private static long Unsealed(Dictionary<TallyKey, UnsealedTally> tallies) => tallies.Values.Sum(t => t.Unsealed);

    [Fact]
    public void Observed_seconds_are_unsealed_until_the_ledger_event_holding_them_is_accrued()
    {
        var observed = Observed(300);
        var sealedWindow = Sealed(Window, 300);

        Assert.Equal(300, Unsealed(Fold(observed)));
        Assert.Equal(0, Unsealed(Fold(observed, sealedWindow)));
    }

    [Fact]
    public void A_ledger_event_that_overtakes_its_observation_never_counts_its_seconds_twice()
    {
        var observed = Observed(300);
        var sealedWindow = Sealed(Window, 300);

        Assert.Equal(0, Unsealed(Fold(sealedWindow)));
        Assert.Equal(0, Unsealed(Fold(sealedWindow, observed)));
    }

    [Fact]
    public void A_seal_that_overtakes_its_observation_hides_other_unsealed_seconds_of_its_key_until_it_arrives()
    {
        // 200 seconds observed and waiting; the first 100 of another 100 sealed before observed: never more than the truth.
        var tallies = Fold(Observed(200), Sealed(Window, 100));
        Assert.Equal(100, Unsealed(tallies));
        Assert.Equal(200, Unsealed(Fold(Observed(200), Sealed(Window, 100), Observed(100))));
    }

    [Fact]
    public void A_late_second_of_a_window_already_sealed_is_unsealed_until_it_is_sealed_in_either_order()
    {
        // Seconds 0..298 of the window observed and sealed; second 299 arrives after.
        var window = Observed(299);
        var windowSealed = Sealed(Window, 299);
        var late = Observed(1);
        var lateSealed = Sealed(Window.AddSeconds(299), 1);

        Assert.Equal(1, Unsealed(Fold(window, windowSealed, late)));
        Assert.Equal(0, Unsealed(Fold(window, windowSealed, late, lateSealed)));
        Assert.Equal(0, Unsealed(Fold(window, windowSealed, lateSealed)));
        Assert.Equal(0, Unsealed(Fold(window, windowSealed, lateSealed, late)));
        Assert.Equal(0, Unsealed(Fold(lateSealed, late, windowSealed, window)));
    }

    [Fact]
    public void Sealed_seconds_are_tallied_in_the_windows_they_fall_in()
    {
        // 11:58:00 for 240 s: 120 s in the window from 11:55, 120 s in the one from 12:00.
        var tallies = Fold(Sealed(Window.AddMinutes(3), 240));

        Assert.Equal([(Window, 120L), (Window.AddMinutes(5), 120L)], tallies.Values.OrderBy(t => t.Tally.WindowStart).Select(t => (t.Tally.WindowStart, t.Sealed)));
        Assert.Equal(Key, tallies.Keys.First(k => k.WindowStart == Window));
    }
}
