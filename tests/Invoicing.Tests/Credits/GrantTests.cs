using GpuBilling.Decisions;
using GpuBilling.Money;
using Invoicing.Credits;
using static Invoicing.Credits.CreditSource;
using static Invoicing.Tests.Credits.CreditSamples;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Credits;

public class GrantTests
{
    private static readonly Currency Jpy = Currency.Of("JPY");
    private static readonly Currency Bhd = Currency.Of("BHD");

    private static GrantCredit Grant(Money amount, Currency account, CreditSource source = Trial, string? receipt = null, string reason = "trial") =>
        new("acme", account, source, amount, null, reason, receipt, Early, Finance);

    [Fact]
    public void A_grant_is_numbered_in_order_names_who_made_it_and_is_chained_to_the_stream()
    {
        var stream = Granted("USD", (Trial, 50m, "2025-04-01T00:00:00Z"), (Purchase, 200m, null));

        var second = Assert.IsType<CreditGranted>(stream[1]);
        Assert.Equal(("G2", Purchase, "200.00", "R-1", Finance), (second.GrantId, second.Source, second.Amount.ToAmountString(), second.Receipt, second.CausedBy));
        Assert.True(GpuBilling.HashChains.HashChain.Verify(stream).IsIntact);
        Assert.Equal(stream[0].Hash, CreditBalance.Replay(stream.Take(1))!.LastHash);
    }

    [Fact]
    public void Yen_are_granted_whole_and_bahraini_dinars_to_the_fils()
    {
        var yen = Assert.Throws<CommandRefused>(() => CreditDecision.Decide(Grant(new Money(1000.5m, Jpy), Jpy), null));
        var fils = Assert.Throws<CommandRefused>(() => CreditDecision.Decide(Grant(new Money(10.1255m, Bhd), Bhd), null));

        Assert.Equal("Credit for 'acme' cannot be granted: Amount must be a whole number of JPY's minor unit (0 decimals); 1000.5 is not.", yen.Message);
        Assert.Equal("Credit for 'acme' cannot be granted: Amount must be a whole number of BHD's minor unit (3 decimals); 10.1255 is not.", fils.Message);
        Assert.Equal("10.125", ((CreditGranted)CreditDecision.Decide(Grant(new Money(10.125m, Bhd), Bhd), null).Single()).Amount.ToAmountString());
    }

    [Fact]
    public void Draws_in_yen_and_dinars_are_rounded_as_invoice_lines_are()
    {
        // JPY, 10 % tax: 1234.5 of charges is written 1234 (half to even); 1000 of trial credit leaves 234, taxed 23.4 -> 23; 257 of the purchase.
        var yen = Granted("JPY", (Trial, 1000m, null), (Purchase, 5000m, null));
        var drawnYen = yen.Decide(s => CreditDecision.Decide(Draw(1, At("2025-03-10T00:00:00Z"), 0.10m, Usage(1234.5m, "JPY")), s));
        // BHD, 10 % tax: 12.3456 is written 12.346; 10.125 of trial credit leaves 2.221, taxed 0.2221 -> 0.222; 2.443 of the purchase.
        var dinars = Granted("BHD", (Trial, 10.125m, null), (Purchase, 50m, null));
        var drawnDinars = dinars.Decide(s => CreditDecision.Decide(Draw(1, At("2025-03-10T00:00:00Z"), 0.10m, Usage(12.3456m, "BHD")), s));

        Assert.Equal([("G1", "1000"), ("G2", "257")], Assert.Single(drawnYen).Draws());
        Assert.Equal([("G1", "10.125"), ("G2", "2.443")], Assert.Single(drawnDinars).Draws());
    }

    [Fact]
    public void Every_problem_of_a_grant_is_named_by_its_field()
    {
        var refused = Assert.Throws<CommandRefused>(() => CreditDecision.Decide(
            new GrantCredit("acme", Currency.Of("USD"), Purchase, new Money(-5m, Currency.Of("EUR")), Early.AddDays(-1), " ", null, Early, Finance), null));

        Assert.Equal(Refusal.Invalid, refused.Reason);
        Assert.Equal(
            [
                ("Amount", "is in EUR; the billing account of 'acme' is in USD"),
                ("Amount", "must be more than 0; -5.00 is not"),
                ("ExpiresAt", "must be after now (2025-03-02T00:00:00Z); 2025-03-01T00:00:00Z is not"),
                ("Reason", "is required: every grant says why it was made"),
                ("Receipt", "is required for purchased credit: the payment it was bought with"),
            ],
            refused.Problems.Select(p => (p.Field, p.Problem)));
    }

    [Fact]
    public void A_receipt_is_credited_once()
    {
        var stream = Granted("USD", (Purchase, 200m, null));
        var usd = Currency.Of("USD");

        Assert.Empty(CreditDecision.Decide(Grant(Usd(200m), usd, Purchase, "R-1", "Purchase credit"), stream.Balance()));
        var other = Assert.Throws<CommandRefused>(() => CreditDecision.Decide(Grant(Usd(300m), usd, Purchase, "R-1", "Purchase credit"), stream.Balance()));
        Assert.Equal((Refusal.Conflict, "Receipt R-1 was already credited to 'acme' as grant G1 (200.00 USD)."), (other.Reason, other.Message));
    }

    [Fact]
    public void Only_an_operator_grants()
    {
        var refused = Assert.Throws<CommandRefused>(() => CreditDecision.Decide(
            new GrantCredit("acme", Currency.Of("USD"), Trial, Usd(5m), null, "free", null, Early, Closer), null));

        Assert.Equal(Refusal.Forbidden, refused.Reason);
    }
}
