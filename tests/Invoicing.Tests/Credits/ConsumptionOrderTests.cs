using Invoicing.Credits;
using static Invoicing.Credits.CreditSource;
using static Invoicing.Tests.Credits.CreditSamples;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Credits;

public class ConsumptionOrderTests
{
    /// <summary>G1 purchased 100, G2 trial 50 expiring 1 April, G3 goodwill 30 expiring 20 March, G4 trial 20 never expiring.</summary>
    private static List<CreditEvent> FourGrants() =>
        Granted("USD", (Purchase, 100m, null), (Trial, 50m, "2025-04-01T00:00:00Z"), (Goodwill, 30m, "2025-03-20T00:00:00Z"), (Trial, 20m, null));

    [Fact]
    public void Promotional_credit_is_drawn_before_purchased_and_the_earliest_expiry_first()
    {
        var stream = FourGrants();

        var drawn = stream.Decide(s => CreditDecision.Decide(Draw(1, At("2025-03-05T00:00:00Z"), 0.08875m, Usage(90m)), s));

        // 90.00 of charges: all promotional, so no tax and nothing of the purchase. Goodwill expires first, then the trial
        // expiring in April, then the trial that never expires.
        Assert.Equal([("G3", "30.00"), ("G2", "50.00"), ("G4", "10.00")], Assert.Single(drawn).Draws());
        Assert.Equal(CreditUse.Rating("acme@2025-03-01T05:00Z", 1), ((CreditDrawn)drawn[0]).For);
    }

    [Fact]
    public void Purchased_credit_pays_what_promotional_credit_leaves_with_its_tax()
    {
        var stream = FourGrants();
        stream.Decide(s => CreditDecision.Decide(Draw(1, At("2025-03-05T00:00:00Z"), 0.08875m, Usage(90m)), s));

        var drawn = stream.Decide(s => CreditDecision.Decide(Draw(2, At("2025-03-06T00:00:00Z"), 0.08875m, Usage(130m)), s));

        // 130.00: the last 10.00 of promotional credit (G4), then 30.00 taxed at 8.875 % = 2.6625 -> 2.66, so 32.66 of G1.
        Assert.Equal([("G4", "10.00"), ("G1", "32.66")], Assert.Single(drawn).Draws());
        Assert.Equal(("0.00", "67.34"), (stream.Grant("G4").Unused.ToAmountString(), stream.Grant("G1").Unused.ToAmountString()));
    }

    [Fact]
    public void A_redelivered_or_older_rating_draws_nothing_more()
    {
        var stream = FourGrants();
        stream.Decide(s => CreditDecision.Decide(Draw(5, At("2025-03-05T00:00:00Z"), 0.08875m, Usage(40m)), s));

        Assert.Empty(CreditDecision.Decide(Draw(5, At("2025-03-05T00:01:00Z"), 0.08875m, Usage(40m)), stream.Balance()));
        Assert.Empty(CreditDecision.Decide(Draw(4, At("2025-03-05T00:01:00Z"), 0.08875m, Usage(35m)), stream.Balance()));
    }

    [Fact]
    public void Each_rating_draws_only_what_the_charges_grew_by()
    {
        var stream = FourGrants();
        stream.Decide(s => CreditDecision.Decide(Draw(1, At("2025-03-05T00:00:00Z"), 0.08875m, Usage(12.34m)), s));

        var drawn = stream.Decide(s => CreditDecision.Decide(Draw(2, At("2025-03-05T00:10:00Z"), 0.08875m, Usage(25m)), s));

        // 25.00 - 12.34 = 12.66, still goodwill first: it had 30.00 - 12.34 = 17.66 left.
        Assert.Equal([("G3", "12.66")], Assert.Single(drawn).Draws());
    }

    [Fact]
    public void A_tenant_never_granted_credit_draws_nothing_and_settles_nothing()
    {
        Assert.Empty(CreditDecision.Decide(Draw(1, At("2025-03-05T00:00:00Z"), 0.08875m, Usage(90m)), null));
        Assert.Empty(CreditDecision.Decide(new SettleInvoiceCredits("acme", MarchId, "US-2025-000042", Usd(90m), 0.08875m, MarchClosed, Closer), null));
    }
}
