using GpuBilling.HashChains;
using Invoicing.Audit;
using Invoicing.Invoices;
using Invoicing.Invoices.Drafting;
using Invoicing.Invoices.Finalizing;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Audit;

public class InvoiceRecomputeTests
{
    [Fact]
    public void Recomputing_a_finalized_invoice_from_its_stream_gives_the_same_lines_and_totals()
    {
        var stream = Finalized(March, MarchCharges(), "US-2025-000042");

        var report = InvoiceRecompute.Compare(stream.State());

        Assert.True(report.Matches);
        Assert.Equal(("acme@2025-03-01", "US-2025-000042"), (report.InvoiceId, report.InvoiceNumber));
    }

    [Fact]
    public void Recomputing_an_invoice_with_late_usage_adjustments_gives_the_same_lines_and_totals()
    {
        var march = Finalized(March, MarchCharges(), "US-2025-000042");
        var issued = march.Issued();
        var april = new List<InvoiceEvent>();
        april.Decide(s => DraftDecision.Decide(Open(April), s));
        april.Decide(s => DraftDecision.Decide(new UpdateInvoiceDraft(IdOf(April), 1, [H100(100m, April)], At("2025-04-20T00:00:00Z"), Rating), s));
        april.Decide(s => DraftDecision.Decide(new AdjustForLateUsage(IdOf(April),
            new LateUsageAdjustment(new LateUsageOf(March, issued.InvoiceId, issued.InvoiceNumber), MarchCharges(1236.5675m), issued.Lines),
            At("2025-04-21T00:00:00Z"), Rating), s));
        april.Decide(s => FinalizeDecision.Decide(new FinalizeInvoice(IdOf(April), "US-2025-000051", Acme, Agreeing(), AprilClosed, Closer), s));

        Assert.True(InvoiceRecompute.Compare(april.State()).Matches);
    }

    [Fact]
    public void A_tampered_stored_line_is_named_by_number_and_field_and_its_event_by_the_broken_chain()
    {
        var stream = Finalized(March, MarchCharges(), "US-2025-000042");
        var finalized = stream.Issued();
        // Line 2 (A100, 11.19) is altered in storage to 1.19; nothing else changes.
        stream[^1] = finalized with { Lines = [.. finalized.Lines.Select(l => l.Number == 2 ? l with { Amount = Usd(1.19m) } : l)] };

        var report = InvoiceRecompute.Compare(stream.State());

        var difference = Assert.Single(report.Lines);
        Assert.Equal(new LineDifference(2, "A100 spot GPU time", "Amount", "1.19 USD", "11.19 USD"), difference);
        Assert.Empty(report.Totals);
        Assert.False(report.Matches);
        Assert.Equal((3L, "InvoiceFinalized"), (HashChain.Verify(stream).FirstBroken!.Version, HashChain.Verify(stream).FirstBroken!.EventType));
    }

    [Fact]
    public void A_tampered_charge_shows_as_differences_in_the_line_it_feeds_and_in_the_totals()
    {
        var stream = Finalized(March, MarchCharges(), "US-2025-000042");
        var update = (InvoiceDraftUpdated)stream[1];
        // The stored H100 quantity is inflated by an hour after the invoice was issued.
        stream[1] = update with { Charges = [.. update.Charges.Select(c => c.PriceKey == "H100/on-demand" ? H100(1235.5675m, March) : c)] };

        var report = InvoiceRecompute.Compare(stream.State());

        Assert.Equal(
            ["line 3 (H100 on-demand GPU time): Quantity stored 1234.5675, recomputed 1235.5675",
             "line 3 (H100 on-demand GPU time): Amount stored 3074.07 USD, recomputed 3076.56 USD"],
            report.Lines.Select(l => l.ToString()));
        Assert.Equal(
            ["Subtotal: stored 3149.30 USD, recomputed 3151.79 USD",
             "Tax: stored 279.50 USD, recomputed 279.72 USD",
             "Total: stored 3428.80 USD, recomputed 3431.51 USD"],
            report.Totals.Select(t => t.ToString()));
        Assert.Equal(2L, HashChain.Verify(stream).FirstBroken!.Version);
    }
}
