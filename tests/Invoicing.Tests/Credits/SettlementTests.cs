using Invoicing.Audit;
using Invoicing.Credits;
using Invoicing.Invoices;
using Invoicing.Invoices.Drafting;
using Invoicing.Invoices.Finalizing;
using static Invoicing.Credits.CreditSource;
using static Invoicing.Tests.Credits.CreditSamples;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Credits;

public class SettlementTests
{
    private const string Number = "US-2025-000042";

    /// <summary>
    /// March's invoice closed as the period closer closes it: the credit stream settled against the
    /// draft's subtotal, then the invoice finalized with what the settlement left drawn.
    /// </summary>
    private static (List<InvoiceEvent> Invoice, List<CreditEvent> Credit) Close(
        List<CreditEvent> credit, IReadOnlyList<ChargeLine> charges, Invoicing.BillingAccounts.BillingAccount account)
    {
        var invoice = new List<InvoiceEvent>();
        invoice.Decide(s => DraftDecision.Decide(Open(March, account), s));
        invoice.Decide(s => DraftDecision.Decide(new UpdateInvoiceDraft(MarchId, 1, charges, March.End.AddMinutes(-1), Rating), s));
        var subtotal = InvoiceCalculation.Compute(invoice.State().Inputs(account.TaxRate)).Subtotal;
        credit.Decide(s => CreditDecision.Decide(new SettleInvoiceCredits("acme", MarchId, Number, subtotal, account.TaxRate, MarchClosed, Closer), s));
        invoice.Decide(s => FinalizeDecision.Decide(
            new FinalizeInvoice(MarchId, Number, account, Agreeing(), MarchClosed, Closer, credit.Balance().SettlementOf(MarchId)), s));
        return (invoice, credit);
    }

    [Fact]
    public void Promotional_credit_is_a_discount_before_tax_and_purchased_credit_a_payment_after_it()
    {
        var credit = Granted("USD", (Trial, 100m, null), (Purchase, 1000m, null));
        credit.Decide(s => CreditDecision.Decide(Draw(1, At("2025-03-31T12:00:00Z"), Acme.TaxRate, [.. MarchCharges()]), s));

        var (invoice, _) = Close(credit, MarchCharges(), Acme);
        var issued = invoice.Issued();

        // Lines 64.04 + 11.19 + 3074.07 = 3149.30; less 100.00 of trial credit = 3049.30, taxed at 8.875 % = 270.625375 -> 270.63;
        // total 3319.93, of which the purchase pays all its 1000.00: 2319.93 due.
        Assert.Equal(("3149.30", "270.63", "3319.93", "2319.93"),
            (issued.Subtotal.ToAmountString(), issued.Tax.ToAmountString(), issued.Total.ToAmountString(), issued.AmountDue!.Value.ToAmountString()));
        Assert.Equal(("Promotional credit (G1)", "100.00"), (issued.Discount!.Description, issued.Discount.Amount.ToAmountString()));
        Assert.Equal([("G1", "100.00")], issued.Discount.Grants.Select(g => (g.GrantId, g.Amount.ToAmountString())));
        Assert.Equal(("Paid from purchased credit (G2)", "1000.00"), (issued.Payment!.Description, issued.Payment.Amount.ToAmountString()));
        Assert.Equal([("G2", "1000.00")], issued.Payment.Grants.Select(g => (g.GrantId, g.Amount.ToAmountString())));
    }

    [Fact]
    public void A_commitment_shortfall_is_drawn_at_finalization_not_as_it_is_rated()
    {
        var untaxed = Account(taxRate: null);
        var credit = Granted("USD", (Purchase, 500m, null));

        var rated = credit.Decide(s => CreditDecision.Decide(Draw(1, At("2025-03-31T12:00:00Z"), null, Usage(80m), Shortfall(20m)), s));
        var (invoice, _) = Close(credit, [Usage(80m), Shortfall(20m)], untaxed);
        var issued = invoice.Issued();

        Assert.Equal([("G1", "80.00")], Assert.Single(rated).Draws());
        var settled = credit.OfType<CreditDrawn>().Last();
        Assert.Equal(CreditUse.Settlement(Number), settled.For);
        Assert.Equal([("G1", "20.00")], settled.Draws());
        Assert.Null(issued.Discount);
        Assert.Equal(("100.00", "100.00", "0.00"), (issued.Total.ToAmountString(), issued.Payment!.Amount.ToAmountString(), issued.AmountDue!.Value.ToAmountString()));
        Assert.Equal("400.00", credit.Grant("G1").Unused.ToAmountString());
    }

    [Fact]
    public void Settling_gives_back_what_ratings_drew_beyond_the_invoice_s_final_figures()
    {
        var untaxed = Account(taxRate: null);
        var credit = Granted("USD", (Trial, 50m, null), (Purchase, 500m, null));
        credit.Decide(s => CreditDecision.Decide(Draw(1, At("2025-03-31T12:00:00Z"), null, Usage(80m)), s));

        // A late-usage adjustment of an earlier period brought the invoice down to 70.00.
        var (invoice, _) = Close(credit, [Usage(70m)], untaxed);

        Assert.Equal([("G2", "-10.00")], credit.OfType<CreditDrawn>().Last().Draws());
        Assert.Equal(("50.00", "20.00", "0.00"),
            (invoice.Issued().Discount!.Amount.ToAmountString(), invoice.Issued().Payment!.Amount.ToAmountString(), invoice.Issued().AmountDue!.Value.ToAmountString()));
        Assert.Equal("480.00", credit.Grant("G2").Unused.ToAmountString());
    }

    [Fact]
    public void An_invoice_of_a_tenant_whose_credit_it_never_used_reads_exactly_as_without_credit()
    {
        // A trial that expired unused before anything was rated.
        var credit = Granted("USD", (Trial, 10m, "2025-03-02T06:00:00Z"));

        var (invoice, _) = Close(credit, MarchCharges(), Acme);
        var issued = invoice.Issued();

        Assert.Equal((null, null, null), (issued.Discount, issued.Payment, issued.AmountDue));
        Assert.Equal(Finalized(March, MarchCharges(), Number).Issued().Total, issued.Total);
    }

    [Fact]
    public void Recompute_reproduces_the_settlement_lines_from_the_credit_stream_and_names_any_that_differ()
    {
        var credit = Granted("USD", (Trial, 100m, null), (Purchase, 1000m, null));
        credit.Decide(s => CreditDecision.Decide(Draw(1, At("2025-03-31T12:00:00Z"), Acme.TaxRate, [.. MarchCharges()]), s));
        var (invoice, _) = Close(credit, MarchCharges(), Acme);

        Assert.True(InvoiceRecompute.Compare(invoice.State(), credit.Balance().SettlementOf(MarchId)).Matches);

        // The credit stream as an edited database would hold it: the trial drew 90.00, not 100.00.
        var edited = credit.Select(e => e is CreditDrawn { For.TotalsVersion: 1 } d
            ? d with { Draws = [new GrantDraw("G1", Usd(90m)), .. d.Draws.Skip(1)] }
            : e).ToList();
        var report = InvoiceRecompute.Compare(invoice.State(), edited.Balance().SettlementOf(MarchId));

        // 3149.30 - 90.00 = 3059.30, taxed 271.512875 -> 271.51, total 3330.81, 2330.81 due.
        Assert.Equal(["Tax: stored 270.63 USD, recomputed 271.51 USD", "Total: stored 3319.93 USD, recomputed 3330.81 USD",
            "AmountDue: stored 2319.93 USD, recomputed 2330.81 USD"], report.Totals.Select(t => t.ToString()));
        Assert.Equal(["Discount: Amount stored 100 USD, recomputed 90 USD",
            "Discount: Grants stored G1 100 USD, recomputed G1 90 USD"],
            report.Settlement!.Select(s => s.ToString()));
    }
}
