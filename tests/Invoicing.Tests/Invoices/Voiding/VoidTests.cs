using GpuBilling.Decisions;
using Invoicing.Invoices;
using Invoicing.Invoices.Crediting;
using Invoicing.Invoices.Drafting;
using Invoicing.Invoices.Finalizing;
using Invoicing.Invoices.Voiding;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Invoices.Voiding;

public class VoidTests
{
    private static readonly string MarchId = IdOf(March);

    [Fact]
    public void An_operator_voids_a_finalized_invoice_which_keeps_its_number_and_document()
    {
        var stream = Finalized(March, MarchCharges(), "US-2025-000042");

        var voided = stream.Decide(s => VoidDecision.Decide(new VoidInvoice(MarchId, "Billed to the wrong legal entity", MarchClosed.AddDays(1), Finance), s));

        var @event = Assert.IsType<InvoiceVoided>(Assert.Single(voided));
        Assert.Equal(("US-2025-000042", "Billed to the wrong legal entity", Finance), (@event.InvoiceNumber, @event.Reason, @event.CausedBy));
        Assert.Equal(InvoiceStatus.Voided, stream.State().Status);
        Assert.Equal("3428.80", stream.State().Issued!.Total.ToAmountString());
    }

    [Fact]
    public void A_service_may_not_void_an_invoice()
    {
        var refused = Assert.Throws<CommandRefused>(() => VoidDecision.Decide(
            new VoidInvoice(MarchId, "duplicate", MarchClosed, Closer), Finalized(March, MarchCharges(), "US-2025-000042").State()));

        Assert.Equal(Refusal.Forbidden, refused.Reason);
    }

    [Fact]
    public void A_draft_cannot_be_voided()
    {
        var stream = new List<InvoiceEvent>();
        stream.Decide(s => DraftDecision.Decide(Open(March), s));

        var refused = Assert.Throws<CommandRefused>(() => VoidDecision.Decide(new VoidInvoice(MarchId, "duplicate", MarchClosed, Finance), stream.State()));

        Assert.Equal("Invoice acme@2025-03-01 is not finalized; only a finalized invoice can be voided.", refused.Message);
    }

    [Fact]
    public void A_voided_invoice_cannot_be_voided_again_nor_finalized_nor_credited()
    {
        var stream = Finalized(March, MarchCharges(), "US-2025-000042");
        stream.Decide(s => VoidDecision.Decide(new VoidInvoice(MarchId, "Billed to the wrong legal entity", MarchClosed, Finance), s));

        Assert.Throws<CommandRefused>(() => VoidDecision.Decide(new VoidInvoice(MarchId, "again", MarchClosed, Finance), stream.State()));
        Assert.Throws<CommandRefused>(() => FinalizeDecision.Decide(new FinalizeInvoice(MarchId, "US-2025-000099", Acme, Agreeing(), MarchClosed, Closer), stream.State()));
        var refused = Assert.Throws<CommandRefused>(() => CreditNoteDecision.Decide(
            new IssueCreditNote(MarchId, "CN-1", [new CreditRequest(1, Usd(1m))], "goodwill", MarchClosed, Finance), stream.State()));
        Assert.Equal("Invoice US-2025-000042 is voided; nothing on it is owed to credit.", refused.Message);
    }

    [Fact]
    public void An_invoice_with_credit_notes_is_not_voided_so_nothing_is_given_back_twice()
    {
        var stream = Finalized(March, MarchCharges(), "US-2025-000042");
        stream.Decide(s => CreditNoteDecision.Decide(new IssueCreditNote(MarchId, "CN-1", [new CreditRequest(1, Usd(4.04m))], "meter fault", MarchClosed, Finance), s));

        var refused = Assert.Throws<CommandRefused>(() => VoidDecision.Decide(new VoidInvoice(MarchId, "wrong entity", MarchClosed, Finance), stream.State()));

        Assert.Equal("Invoice US-2025-000042 has credit notes (CN-1); credit what remains instead of voiding it.", refused.Message);
    }

    [Fact]
    public void A_void_without_a_reason_is_refused()
    {
        var refused = Assert.Throws<CommandRefused>(() => VoidDecision.Decide(
            new VoidInvoice(MarchId, "", MarchClosed, Finance), Finalized(March, MarchCharges(), "US-2025-000042").State()));

        Assert.Equal(Refusal.Invalid, refused.Reason);
    }
}
