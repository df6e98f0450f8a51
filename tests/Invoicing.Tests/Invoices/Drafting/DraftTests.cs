using GpuBilling.Decisions;
using Invoicing.Invoices;
using Invoicing.Invoices.Drafting;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Invoices.Drafting;

public class DraftTests
{
    private static readonly string MarchId = IdOf(March);

    [Fact]
    public void A_draft_opens_on_a_stream_named_by_tenant_and_the_local_start_of_its_period()
    {
        var opened = Assert.IsType<InvoiceDraftOpened>(Assert.Single(DraftDecision.Decide(Open(March), null)));

        Assert.Equal("acme@2025-03-01", opened.InvoiceId);
        Assert.Equal(At("2025-03-01T05:00:00Z"), opened.Period.Start);
        Assert.Equal(At("2025-04-01T04:00:00Z"), opened.Period.End);
        Assert.Equal("USD", opened.Currency.Code);
        Assert.Equal("America/New_York", opened.TimeZoneId);
        Assert.Equal(Rating, opened.CausedBy);
    }

    [Fact]
    public void Opening_a_draft_that_is_already_open_adds_nothing()
    {
        var stream = new List<InvoiceEvent>();
        stream.Decide(s => DraftDecision.Decide(Open(March), s));

        Assert.Empty(DraftDecision.Decide(Open(March), stream.State()));
    }

    [Fact]
    public void A_period_the_account_did_not_cut_is_refused()
    {
        var berlin = Account(zone: "Europe/Berlin");

        var refused = Assert.Throws<CommandRefused>(() => DraftDecision.Decide(Open(March, berlin), null));

        Assert.Equal(Refusal.Invalid, refused.Reason);
        Assert.Contains("is not a billing period of 'acme' (anchor day 1 in Europe/Berlin)", refused.Message);
    }

    [Fact]
    public void The_draft_follows_the_periods_totals_each_update_replacing_the_charges()
    {
        var stream = new List<InvoiceEvent>();
        stream.Decide(s => DraftDecision.Decide(Open(March), s));
        stream.Decide(s => DraftDecision.Decide(new UpdateInvoiceDraft(MarchId, 1, [H100(10m, March)], At("2025-03-02T00:00:00Z"), Rating), s));

        var updated = stream.Decide(s => DraftDecision.Decide(new UpdateInvoiceDraft(MarchId, 2, MarchCharges(), At("2025-03-31T00:00:00Z"), Rating), s));

        Assert.IsType<InvoiceDraftUpdated>(Assert.Single(updated));
        var draft = stream.State();
        Assert.Equal(InvoiceStatus.Draft, draft.Status);
        Assert.Equal(2, draft.TotalsVersion);
        Assert.Equal(["H100 on-demand GPU time", "A100 spot GPU time", "Energy"], draft.Charges.Select(c => c.Description));
        Assert.Equal(3074.073075m, draft.Charges[0].Amount.Amount);
    }

    [Fact]
    public void An_update_from_older_or_the_same_totals_adds_nothing()
    {
        var stream = new List<InvoiceEvent>();
        stream.Decide(s => DraftDecision.Decide(Open(March), s));
        stream.Decide(s => DraftDecision.Decide(new UpdateInvoiceDraft(MarchId, 5, MarchCharges(), At("2025-03-31T00:00:00Z"), Rating), s));

        Assert.Empty(DraftDecision.Decide(new UpdateInvoiceDraft(MarchId, 4, [H100(1m, March)], At("2025-03-31T00:01:00Z"), Rating), stream.State()));
        Assert.Empty(DraftDecision.Decide(new UpdateInvoiceDraft(MarchId, 5, MarchCharges(), At("2025-03-31T00:01:00Z"), Rating), stream.State()));
    }

    [Fact]
    public void Charges_in_another_currency_or_from_usage_outside_the_period_are_refused_by_field()
    {
        var stream = new List<InvoiceEvent>();
        stream.Decide(s => DraftDecision.Decide(Open(March), s));
        var euro = Charge("H100 on-demand GPU time", "gpu-time", "H100/on-demand", 1m, "GPU-hour", 2m, March, currency: "EUR");
        var aprilUsage = H100(1m, April);

        var refused = Assert.Throws<CommandRefused>(() => DraftDecision.Decide(
            new UpdateInvoiceDraft(MarchId, 1, [euro, aprilUsage], At("2025-03-31T00:00:00Z"), Rating), stream.State()));

        Assert.Equal(["Charges[0].Amount", "Charges[0].UnitPrice", "Charges[1].Lineage.Usage[0]"], refused.Problems.Select(p => p.Field));
        Assert.Equal("is in EUR, the invoice in USD", refused.Problems[0].Problem);
    }

    [Fact]
    public void Charges_for_an_invoice_that_was_never_opened_are_refused()
    {
        var refused = Assert.Throws<CommandRefused>(() =>
            DraftDecision.Decide(new UpdateInvoiceDraft(MarchId, 1, MarchCharges(), At("2025-03-31T00:00:00Z"), Rating), null));

        Assert.Equal(Refusal.NotFound, refused.Reason);
        Assert.Equal("Invoice acme@2025-03-01 has no draft; open it first.", refused.Message);
    }
}
