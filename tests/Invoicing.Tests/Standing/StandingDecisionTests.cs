using Invoicing.Standing;
using static Invoicing.Tests.Credits.CreditSamples;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Standing.StandingSamples;

namespace Invoicing.Tests.Standing;

public class StandingDecisionTests
{
    [Fact]
    public void Credit_below_the_low_balance_is_low_and_the_change_names_its_cause_and_figures()
    {
        var stream = WithThresholds(lowBalance: 20m);

        Assert.Empty(stream.Review(Figures(balance: 20.00m)));
        var changed = Assert.IsType<StandingChanged>(Assert.Single(stream.Review(Figures(balance: 19.99m), "rating acme@2025-03-01T05:00Z v7")));

        Assert.Equal((StandingStatus.Ok, StandingStatus.Low, "rating acme@2025-03-01T05:00Z v7", (GpuBilling.Money.Money?)Usd(19.99m), (DateTimeOffset?)Through),
            (changed.From, changed.To, changed.Cause, changed.Balance, changed.UsageThrough));
        Assert.Equal("service:invoicing-standing", changed.CausedBy.ToString());
        Assert.True(GpuBilling.HashChains.HashChain.Verify(stream).IsIntact);
    }

    [Fact]
    public void Credit_for_fewer_hours_of_the_current_burn_than_set_is_low_and_a_slower_burn_does_not_lift_it()
    {
        var stream = WithThresholds(lowHours: 2m);

        Assert.Empty(stream.Review(Figures(balance: 30m, burn: 10m, lasts: TimeSpan.FromHours(2))));
        Assert.Single(stream.Review(Figures(balance: 19m, burn: 10m, lasts: TimeSpan.FromHours(1.9))));
        Assert.Equal(StandingStatus.Low, stream.Status());

        // The burn halves: the same credit lasts 3.8 hours, but nothing was paid or decided, so it stays low.
        Assert.Empty(stream.Review(Figures(balance: 19m, burn: 5m, lasts: TimeSpan.FromHours(3.8))));
        Assert.Equal(StandingStatus.Low, stream.Status());
    }

    [Fact]
    public void Low_is_left_by_a_grant_or_by_new_thresholds()
    {
        var stream = WithThresholds(lowBalance: 20m);
        stream.Review(Figures(balance: 15m, grants: 1));

        Assert.Single(stream.Review(Figures(balance: 115m, grants: 2), "grant G2 by operator:alice@finance"));
        Assert.Equal(StandingStatus.Ok, stream.Status());

        stream.Review(Figures(balance: 15m, grants: 2));
        stream.AddRange(StandingDecision.Decide(new SetStandingThresholds("acme", GpuBilling.Money.Currency.Of("USD"), new StandingThresholds(10m, null, null), Now, Finance), Replay(stream)));
        Assert.Single(stream.Review(Figures(balance: 15m, grants: 2), "thresholds set"));
        Assert.Equal(StandingStatus.Ok, stream.Status());
    }

    [Fact]
    public void Depleted_is_left_only_by_a_grant_or_top_up_whatever_the_figures_say_meanwhile()
    {
        var stream = new List<StandingEvent>();
        var depleted = Assert.IsType<StandingChanged>(Assert.Single(stream.Review(Figures(balance: 0m, grants: 1))));
        Assert.Equal((StandingStatus.Ok, StandingStatus.Depleted), (depleted.From, depleted.To));

        // Credit given back at settlement, the same estimate again, thresholds changed: still depleted.
        Assert.Empty(stream.Review(Figures(balance: 3.50m, grants: 1)));
        Assert.Empty(stream.Review(Figures(balance: 0m, grants: 1)));
        stream.AddRange(StandingDecision.Decide(new SetStandingThresholds("acme", GpuBilling.Money.Currency.Of("USD"), new StandingThresholds(1m, null, 1_000m), Now, Finance), Replay(stream)));
        Assert.Empty(stream.Review(Figures(balance: 3.50m, grants: 1)));
        Assert.Equal(StandingStatus.Depleted, stream.Status());

        var lifted = Assert.IsType<StandingChanged>(Assert.Single(stream.Review(Figures(balance: 53.50m, grants: 2), "top-up G2")));
        Assert.Equal((StandingStatus.Depleted, StandingStatus.Ok, "top-up G2"), (lifted.From, lifted.To, lifted.Cause));
    }

    [Fact]
    public void Depleted_is_never_reported_while_a_minor_unit_of_credit_is_left()
    {
        Assert.Equal(StandingStatus.Ok, StandingDecision.StatusOf(Figures(balance: 0.01m), StandingThresholds.None, Now));
        Assert.Equal(StandingStatus.Depleted, StandingDecision.StatusOf(Figures(balance: 0.00m), StandingThresholds.None, Now));
    }

    [Fact]
    public void Reaching_the_spend_limit_is_over_limit_until_a_new_period_or_a_new_limit()
    {
        var stream = WithThresholds(spendLimit: 100m);

        Assert.Empty(stream.Review(Figures(balance: null, periodCharges: 99.99m)));
        var reached = Assert.IsType<StandingChanged>(Assert.Single(stream.Review(Figures(balance: null, periodCharges: 100.00m))));
        Assert.Equal((StandingStatus.OverLimit, (GpuBilling.Money.Money?)null), (reached.To, reached.Balance));
        Assert.Empty(stream.Review(Figures(balance: null, periodCharges: 100.00m)));

        Assert.Single(stream.Review(Figures(balance: null, periodCharges: 0m, periodStart: April.Start), "periodic review"));
        Assert.Equal(StandingStatus.Ok, stream.Status());
    }

    [Fact]
    public void Depleted_outranks_over_limit_and_over_limit_outranks_low()
    {
        var stream = WithThresholds(lowBalance: 50m, spendLimit: 100m);

        stream.Review(Figures(balance: 40m, periodCharges: 60m));
        Assert.Equal(StandingStatus.Low, stream.Status());
        stream.Review(Figures(balance: 1m, periodCharges: 100m));
        Assert.Equal(StandingStatus.OverLimit, stream.Status());
        stream.Review(Figures(balance: 0m, periodCharges: 101m));
        Assert.Equal(StandingStatus.Depleted, stream.Status());
        Assert.Equal(
            [(StandingStatus.Ok, StandingStatus.Low), (StandingStatus.Low, StandingStatus.OverLimit), (StandingStatus.OverLimit, StandingStatus.Depleted)],
            stream.OfType<StandingChanged>().Select(c => (c.From, c.To)));
    }

    [Fact]
    public void A_tenant_without_credit_or_limit_is_ok_and_leaves_no_events_whatever_it_spends()
    {
        var stream = WithThresholds(lowBalance: 10m, lowHours: 24m);

        Assert.Empty(stream.Review(Figures(balance: null, periodCharges: 1_000_000m, grants: 0, burn: 500m)));
        Assert.Empty(new List<StandingEvent>().Review(Figures(balance: null, periodCharges: 5m, grants: 0)));
    }

    [Fact]
    public void Each_grant_is_noticed_once_when_its_expiry_comes_within_the_notice()
    {
        var credit = Granted("USD",
            (Invoicing.Credits.CreditSource.Trial, 50m, "2025-03-12T12:00:00Z"),
            (Invoicing.Credits.CreditSource.Trial, 20m, "2025-03-13T12:00:01Z"),
            (Invoicing.Credits.CreditSource.Purchase, 100m, null)).Balance();
        var notice = TimeSpan.FromDays(3);

        var first = StandingDecision.Decide(new NoticeExpiringCredit("acme", credit, notice, Now, StandingSweep.Standing), null);
        var noticed = Assert.IsType<CreditExpiryNoticed>(Assert.Single(first));
        Assert.Equal(("G1", Usd(50m), At("2025-03-12T12:00:00Z")), (noticed.GrantId, noticed.Unused, noticed.ExpiresAt));
        Assert.Empty(StandingDecision.Decide(new NoticeExpiringCredit("acme", credit, notice, Now, StandingSweep.Standing), Replay(first)));

        var later = StandingDecision.Decide(new NoticeExpiringCredit("acme", credit, notice, Now.AddDays(1), StandingSweep.Standing), Replay(first));
        Assert.Equal(["G2"], later.OfType<CreditExpiryNoticed>().Select(n => n.GrantId));
    }
}
