using GpuBilling.Decisions;
using Invoicing.Audit;
using Invoicing.Invoices;
using Invoicing.Invoices.Drafting;
using Invoicing.Invoices.Finalizing;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Invoices.Finalizing;

public class FinalizeTests
{
    private static readonly string MarchId = IdOf(March);

    private static List<InvoiceEvent> MarchDraft()
    {
        var stream = new List<InvoiceEvent>();
        stream.Decide(s => DraftDecision.Decide(Open(March), s));
        stream.Decide(s => DraftDecision.Decide(new UpdateInvoiceDraft(MarchId, 1, MarchCharges(), At("2025-03-31T23:00:00Z"), Rating), s));
        return stream;
    }

    [Fact]
    public void The_period_closer_finalizes_with_each_line_rounded_once_tax_on_the_subtotal_and_dates_in_the_tenants_zone()
    {
        var finalized = Assert.IsType<InvoiceFinalized>(Assert.Single(FinalizeDecision.Decide(
            new FinalizeInvoice(MarchId, "US-2025-000042", Acme, Agreeing(), MarchClosed, Closer), MarchDraft().State())));

        Assert.Equal(
            [(1, "Energy", "64.04"), (2, "A100 spot GPU time", "11.19"), (3, "H100 on-demand GPU time", "3074.07")],
            finalized.Lines.Select(l => (l.Number, l.Description, l.Amount.ToAmountString())));
        Assert.Equal("3149.30", finalized.Subtotal.ToAmountString());
        Assert.Equal(0.08875m, finalized.TaxRate);
        Assert.Equal("279.50", finalized.Tax.ToAmountString());
        Assert.Equal("3428.80", finalized.Total.ToAmountString());
        // 02:30 UTC on the 4th is 22:30 on the 3rd in New York.
        Assert.Equal(new DateOnly(2025, 4, 3), finalized.IssueDate);
        Assert.Equal(new DateOnly(2025, 5, 3), finalized.DueDate);
        Assert.Equal("US-2025-000042", finalized.InvoiceNumber);
        Assert.Equal("gpucloud-us", finalized.IssuerId);
        Assert.Equal("Acme Research LLC", finalized.Customer.Name);
        Assert.Equal("US-12-3456789", finalized.Issuer.TaxId);
        Assert.Equal(FinalizationTrigger.PeriodClosed, finalized.Trigger);
        Assert.Equal(Closer, finalized.CausedBy);
    }

    [Fact]
    public void Each_line_keeps_what_it_charges_for()
    {
        var finalized = FinalizeDecision.Decide(new FinalizeInvoice(MarchId, "US-2025-000042", Acme, Agreeing(), MarchClosed, Closer), MarchDraft().State())
            .OfType<InvoiceFinalized>().Single();

        var h100 = finalized.Lines[2];
        Assert.Equal(1234.5675m, h100.Quantity);
        Assert.Equal("GPU-hour", h100.Unit);
        Assert.Equal(2.49m, h100.UnitPrice.Amount);
        Assert.Equal(("rc-standard", 3, "H100"), (h100.Lineage.RateCardId, h100.Lineage.RateCardVersion, h100.Lineage.GpuModel));
        var usage = Assert.Single(h100.Lineage.Usage);
        Assert.Equal("node-1@2025-03-01T06Z", usage.LedgerStreamKey);
        Assert.Equal((At("2025-03-01T06:00:00Z"), At("2025-03-01T07:00:00Z")), (usage.From, usage.To));
    }

    [Fact]
    public void The_period_closer_may_not_finalize_before_the_grace_period_ends()
    {
        var refused = Assert.Throws<CommandRefused>(() => FinalizeDecision.Decide(
            new FinalizeInvoice(MarchId, "US-2025-000042", Acme, Agreeing(), At("2025-04-03T03:59:59Z"), Closer), MarchDraft().State()));

        Assert.Equal(Refusal.Forbidden, refused.Reason);
        Assert.Equal(
            "Only an operator may finalize invoice acme@2025-03-01 before it closes at 2025-04-03T04:00:00.0000000+00:00; " +
            "service:invoicing-period-closer is a service.",
            refused.Message);
    }

    [Fact]
    public void An_operator_may_finalize_early()
    {
        var finalized = FinalizeDecision.Decide(
                new FinalizeInvoice(MarchId, "US-2025-000042", Acme, Agreeing(), At("2025-03-31T15:00:00Z"), Finance), MarchDraft().State())
            .OfType<InvoiceFinalized>().Single();

        Assert.Equal(FinalizationTrigger.EarlyByOperator, finalized.Trigger);
        Assert.Equal(new DateOnly(2025, 3, 31), finalized.IssueDate);
        Assert.Equal(Finance, finalized.CausedBy);
    }

    [Fact]
    public void Finalizing_again_with_the_same_number_adds_nothing_and_with_another_number_is_refused()
    {
        var stream = MarchDraft();
        stream.Decide(s => FinalizeDecision.Decide(new FinalizeInvoice(MarchId, "US-2025-000042", Acme, Agreeing(), MarchClosed, Closer), s));

        Assert.Empty(FinalizeDecision.Decide(new FinalizeInvoice(MarchId, "US-2025-000042", Acme, Agreeing(), MarchClosed, Closer), stream.State()));
        var refused = Assert.Throws<CommandRefused>(() =>
            FinalizeDecision.Decide(new FinalizeInvoice(MarchId, "US-2025-000043", Acme, Agreeing(), MarchClosed, Closer), stream.State()));
        Assert.Equal("Invoice acme@2025-03-01 is already finalized as US-2025-000042; it cannot become US-2025-000043.", refused.Message);
    }

    [Fact]
    public void After_finalization_newer_charges_are_refused_as_late_usage_while_redelivered_ones_add_nothing()
    {
        var stream = Finalized(March, MarchCharges(), "US-2025-000042");

        Assert.Empty(DraftDecision.Decide(new UpdateInvoiceDraft(MarchId, 1, MarchCharges(), MarchClosed, Rating), stream.State()));
        var refused = Assert.Throws<CommandRefused>(() => DraftDecision.Decide(
            new UpdateInvoiceDraft(MarchId, 2, MarchCharges(h100Hours: 1236.5675m), MarchClosed, Rating), stream.State()));
        Assert.Equal(Refusal.Conflict, refused.Reason);
        Assert.Contains("is finalized as US-2025-000042 and never changes", refused.Message);
        Assert.Contains("late usage of 2025-03-01..2025-03-31, an adjustment on the next open invoice", refused.Message);
    }

    [Fact]
    public void An_invoice_without_a_number_is_not_finalized()
    {
        var refused = Assert.Throws<CommandRefused>(() =>
            FinalizeDecision.Decide(new FinalizeInvoice(MarchId, " ", Acme, Agreeing(), MarchClosed, Closer), MarchDraft().State()));

        Assert.Equal(Refusal.Invalid, refused.Reason);
    }
}
