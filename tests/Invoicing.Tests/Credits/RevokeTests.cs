using GpuBilling.Decisions;
using Invoicing.Credits;
using static Invoicing.Credits.CreditSource;
using static Invoicing.Tests.Credits.CreditSamples;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Credits;

public class RevokeTests
{
    private static readonly DateTimeOffset Later = At("2025-03-12T09:00:00Z");

    /// <summary>G1 purchased 100 and G2 goodwill 25, then 40.00 of charges untaxed: all of G2, 15.00 of G1.</summary>
    private static List<CreditEvent> PartlyDrawn()
    {
        var stream = Granted("USD", (Purchase, 100m, null), (Goodwill, 25m, null));
        stream.Decide(s => CreditDecision.Decide(Draw(1, At("2025-03-10T00:00:00Z"), null, Usage(40m)), s));
        return stream;
    }

    [Fact]
    public void Revoking_purchased_credit_takes_back_only_the_unused_part_and_owes_it_as_a_refund()
    {
        var stream = PartlyDrawn();

        var revoked = Assert.IsType<CreditRevoked>(Assert.Single(
            stream.Decide(s => CreditDecision.Decide(new RevokeCredit("acme", "G1", "customer closed the account", Later, Finance), s))));

        Assert.Equal(("G1", "85.00", "85.00"), (revoked.GrantId, revoked.Amount.ToAmountString(), revoked.RefundOwed.ToAmountString()));
        Assert.Equal(("15.00", "0.00"), (stream.Grant("G1").Drawn.ToAmountString(), stream.Grant("G1").Unused.ToAmountString()));
    }

    [Fact]
    public void Revoking_promotional_credit_owes_nothing()
    {
        var stream = Granted("USD", (Trial, 30m, null));

        var revoked = Assert.IsType<CreditRevoked>(Assert.Single(
            CreditDecision.Decide(new RevokeCredit("acme", "G1", "trial abused", Later, Finance), stream.Balance())));

        Assert.Equal(("30.00", "0.00"), (revoked.Amount.ToAmountString(), revoked.RefundOwed.ToAmountString()));
    }

    [Fact]
    public void A_grant_with_nothing_unused_an_unknown_grant_and_a_non_operator_are_refused()
    {
        var stream = PartlyDrawn();

        var used = Assert.Throws<CommandRefused>(() => CreditDecision.Decide(new RevokeCredit("acme", "G2", "late", Later, Finance), stream.Balance()));
        var unknown = Assert.Throws<CommandRefused>(() => CreditDecision.Decide(new RevokeCredit("acme", "G9", "typo", Later, Finance), stream.Balance()));
        var service = Assert.Throws<CommandRefused>(() => CreditDecision.Decide(new RevokeCredit("acme", "G1", "why", Later, Closer), stream.Balance()));

        Assert.Equal((Refusal.Conflict, "Grant G2 of 'acme' has nothing unused to revoke: all 25.00 USD of it was drawn or revoked."), (used.Reason, used.Message));
        Assert.Equal((Refusal.NotFound, "Tenant 'acme' has no credit grant G9."), (unknown.Reason, unknown.Message));
        Assert.Equal((Refusal.Forbidden, "Only an operator may revoke credit of 'acme'; service:invoicing-period-closer is a service."), (service.Reason, service.Message));
    }

    [Fact]
    public void An_expired_grant_is_written_off_not_revoked()
    {
        var stream = Granted("USD", (Trial, 30m, "2025-03-10T00:00:00Z"));

        var refused = Assert.Throws<CommandRefused>(() => CreditDecision.Decide(new RevokeCredit("acme", "G1", "too late", Later, Finance), stream.Balance()));

        Assert.Equal((Refusal.Conflict, "Grant G1 of 'acme' expired at 2025-03-10T00:00:00Z; what was left of it is written off, not revoked."), (refused.Reason, refused.Message));
    }
}
