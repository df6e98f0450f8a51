using Invoicing.Invoices;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Invoices;

public class HoldTests
{
    private static readonly string MarchId = IdOf(March);

    // Ten GPU-seconds rated but never reached the draft: a dropped message between pricing and invoicing.
    private static readonly Reconciliation DraftShort = new(4_480_887m, 4_480_887m, 4_480_877m);

    private static List<InvoiceEvent> HeldMarch()
    {
        var stream = new List<InvoiceEvent>();
        stream.Decide(s => InvoiceDecision.Decide(Open(March), s));
        stream.Decide(s => InvoiceDecision.Decide(new UpdateInvoiceDraft(MarchId, 1, MarchCharges(), At("2025-03-31T23:00:00Z"), Rating), s));
        stream.Decide(s => InvoiceDecision.Decide(new FinalizeInvoice(MarchId, "US-2025-000042", Acme, DraftShort, MarchClosed, Closer), s));
        return stream;
    }

    [Fact]
    public void A_mismatch_in_the_completeness_check_holds_the_invoice_instead_of_finalizing_it()
    {
        var stream = HeldMarch();

        var held = Assert.IsType<InvoiceHeld>(stream[^1]);
        Assert.Equal(DraftShort, held.Reconciliation);
        Assert.Equal("the usage ledger holds 4480887 GPU-seconds, rating 4480887, the invoice 4480877 (-10)", held.Mismatch);
        Assert.Equal(InvoiceStatus.Held, stream.State().Status);
        Assert.Empty(stream.OfType<InvoiceFinalized>());
    }

    [Fact]
    public void A_held_invoice_cannot_be_finalized()
    {
        var refused = Assert.Throws<CommandRefused>(() => InvoiceDecision.Decide(
            new FinalizeInvoice(MarchId, "US-2025-000042", Acme, Agreeing(), MarchClosed.AddHours(1), Closer), HeldMarch().State()));

        Assert.Equal(Refusal.Conflict, refused.Reason);
        Assert.Equal(
            "Invoice acme@2025-03-01 is held because the usage ledger holds 4480887 GPU-seconds, rating 4480887, the invoice 4480877 (-10); " +
            "release it once ledger, rating and invoice agree, then finalize.",
            refused.Message);
    }

    [Fact]
    public void A_held_invoice_stays_held_while_the_figures_still_disagree()
    {
        var ratingShort = new Reconciliation(4_480_887m, 4_480_880m, 4_480_880m);

        var refused = Assert.Throws<CommandRefused>(() =>
            InvoiceDecision.Decide(new ReleaseInvoice(MarchId, ratingShort, MarchClosed.AddHours(1), Closer), HeldMarch().State()));

        Assert.Equal(
            "Invoice acme@2025-03-01 stays held: the usage ledger holds 4480887 GPU-seconds, rating 4480880 (-7), the invoice 4480880 (-7).",
            refused.Message);
    }

    [Fact]
    public void Once_reconciled_a_held_invoice_is_released_and_then_finalized_with_the_corrected_charges()
    {
        var stream = HeldMarch();
        // The missing charges arrive on the held draft, then the check agrees.
        stream.Decide(s => InvoiceDecision.Decide(
            new UpdateInvoiceDraft(MarchId, 2, MarchCharges(h100Hours: 1234.5703m), MarchClosed.AddMinutes(30), Rating), s));
        var released = stream.Decide(s => InvoiceDecision.Decide(new ReleaseInvoice(MarchId, Agreeing(), MarchClosed.AddHours(1), Closer), s));
        var finalized = stream.Decide(s => InvoiceDecision.Decide(
            new FinalizeInvoice(MarchId, "US-2025-000042", Acme, Agreeing(), MarchClosed.AddHours(1), Closer), s));

        Assert.IsType<InvoiceReleased>(Assert.Single(released));
        var invoice = Assert.IsType<InvoiceFinalized>(Assert.Single(finalized));
        // 1234.5703 h × 2.49 = 3074.080047 → 3074.08
        Assert.Equal("3074.08", invoice.Lines[2].Amount.ToAmountString());
        Assert.Equal(InvoiceStatus.Finalized, stream.State().Status);
    }

    [Fact]
    public void An_invoice_that_is_not_held_cannot_be_released()
    {
        var stream = new List<InvoiceEvent>();
        stream.Decide(s => InvoiceDecision.Decide(Open(March), s));

        var refused = Assert.Throws<CommandRefused>(() =>
            InvoiceDecision.Decide(new ReleaseInvoice(MarchId, Agreeing(), MarchClosed, Closer), stream.State()));

        Assert.Equal("Invoice acme@2025-03-01 is not held (it is draft).", refused.Message);
    }
}
