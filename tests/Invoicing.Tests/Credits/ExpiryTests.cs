using Invoicing.Credits;
using static Invoicing.Credits.CreditSource;
using static Invoicing.Tests.Credits.CreditSamples;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Credits;

public class ExpiryTests
{
    private static readonly DateTimeOffset TrialEnds = At("2025-03-20T00:00:00Z");

    /// <summary>G1 trial 50 expiring 20 March 00:00 UTC, 20.00 of it drawn; G2 purchased 100.</summary>
    private static List<CreditEvent> TrialPartlyUsed()
    {
        var stream = Granted("USD", (Trial, 50m, "2025-03-20T00:00:00Z"), (Purchase, 100m, null));
        stream.Decide(s => CreditDecision.Decide(Draw(1, At("2025-03-10T00:00:00Z"), null, Usage(20m)), s));
        return stream;
    }

    [Fact]
    public void What_is_unused_is_written_off_at_the_expiry_instant_exactly()
    {
        var stream = TrialPartlyUsed();

        Assert.Empty(CreditDecision.Decide(new ExpireCredits("acme", TrialEnds.AddTicks(-1), Invoicer), stream.Balance()));
        var expired = Assert.IsType<CreditExpired>(Assert.Single(
            stream.Decide(s => CreditDecision.Decide(new ExpireCredits("acme", At("2025-03-20T00:00:31Z"), Invoicer), s))));

        // Dated at the expiry, though the sweep came 31 s later.
        Assert.Equal(("G1", "30.00", TrialEnds, At("2025-03-20T00:00:31Z")), (expired.GrantId, expired.Amount.ToAmountString(), expired.ExpiredAt, expired.OccurredAt));
        Assert.Equal("0.00", stream.Grant("G1").Unused.ToAmountString());
        Assert.Empty(CreditDecision.Decide(new ExpireCredits("acme", At("2025-03-21T00:00:00Z"), Invoicer), stream.Balance()));
    }

    [Fact]
    public void A_draw_at_the_expiry_instant_writes_the_grant_off_first_and_never_uses_it()
    {
        var stream = TrialPartlyUsed();

        var events = stream.Decide(s => CreditDecision.Decide(Draw(2, TrialEnds, null, Usage(35m)), s));

        Assert.Collection(events,
            e => Assert.Equal(("G1", "30.00"), (((CreditExpired)e).GrantId, ((CreditExpired)e).Amount.ToAmountString())),
            e => Assert.Equal([("G2", "15.00")], e.Draws()));
    }

    [Fact]
    public void A_grant_that_expires_mid_period_settles_what_was_drawn_before_its_expiry_and_purchased_credit_the_rest()
    {
        var stream = TrialPartlyUsed();
        // 20.00 from the trial before its expiry; 60.00 of charges in all once rated after it.
        stream.Decide(s => CreditDecision.Decide(Draw(2, At("2025-03-25T00:00:00Z"), null, Usage(60m)), s));

        var settled = stream.Decide(s => CreditDecision.Decide(new SettleInvoiceCredits("acme", MarchId, "US-2025-000042", Usd(60m), null, MarchClosed, Closer), s));
        var settlement = stream.Balance().SettlementOf(MarchId)!;

        Assert.Equal([], Assert.Single(settled).Draws());
        Assert.Equal(CreditUse.Settlement("US-2025-000042"), ((CreditDrawn)settled[0]).For);
        Assert.Equal([("G1", "20.00")], settlement.Promotional.Select(d => (d.GrantId, d.Amount.ToAmountString())));
        Assert.Equal([("G2", "40.00")], settlement.Purchased.Select(d => (d.GrantId, d.Amount.ToAmountString())));
        Assert.Equal("30.00", stream.OfType<CreditExpired>().Single().Amount.ToAmountString());
    }
}
