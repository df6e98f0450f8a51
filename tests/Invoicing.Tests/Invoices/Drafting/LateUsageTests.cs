using GpuBilling.Decisions;
using Invoicing.Invoices;
using Invoicing.Invoices.Drafting;
using Invoicing.Invoices.Finalizing;
using Invoicing.Periods;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Invoices.Drafting;

public class LateUsageTests
{
    private static readonly string AprilId = IdOf(April);
    private static readonly string MayId = IdOf(May);

    private static List<InvoiceEvent> AprilDraft(params ChargeLine[] charges)
    {
        var stream = new List<InvoiceEvent>();
        stream.Decide(s => DraftDecision.Decide(Open(April), s));
        stream.Decide(s => DraftDecision.Decide(new UpdateInvoiceDraft(AprilId, 1, charges, At("2025-04-20T00:00:00Z"), Rating), s));
        return stream;
    }

    private static LateUsageAdjustment LateFor(List<InvoiceEvent> closed, IReadOnlyList<ChargeLine> rerated, params InvoiceLine[] adjustedSince)
    {
        var issued = closed.Issued();
        return new LateUsageAdjustment(
            new LateUsageOf(issued.Period, issued.InvoiceId, issued.InvoiceNumber), rerated, [.. issued.Lines, .. adjustedSince]);
    }

    [Fact]
    public void Late_usage_after_finalization_becomes_an_adjustment_on_the_next_invoice_naming_its_period()
    {
        var march = Finalized(March, MarchCharges(), "US-2025-000042");
        var april = AprilDraft(H100(100m, April));
        // Two H100 hours of March arrive after March was finalized: March re-rated is 1236.5675 h.
        var late = LateFor(march, MarchCharges(h100Hours: 1236.5675m));

        var adjusted = Assert.IsType<LateUsageAdjusted>(Assert.Single(april.Decide(s =>
            DraftDecision.Decide(new AdjustForLateUsage(AprilId, late, At("2025-04-21T00:00:00Z"), Rating), s))));
        var finalized = april.Decide(s => FinalizeDecision.Decide(new FinalizeInvoice(AprilId, "US-2025-000051", Acme, Agreeing(), AprilClosed, Closer), s))
            .OfType<InvoiceFinalized>().Single();

        var line = Assert.Single(adjusted.Lines);
        Assert.Equal((2m, "4.98"), (line.Quantity, line.Amount.ToAmountString())); // 3079.05 - 3074.07
        Assert.Equal(
            [(1, "H100 on-demand GPU time", "249.00", (string?)null),
             (2, "Late usage for 2025-03-01..2025-03-31 (invoice US-2025-000042): H100 on-demand GPU time", "4.98", "US-2025-000042")],
            finalized.Lines.Select(l => (l.Number, l.Description, l.Amount.ToAmountString(), l.Adjusts?.InvoiceNumber)));
        Assert.Equal(March, finalized.Lines[1].Adjusts!.Period);
        Assert.Equal(("253.98", "22.54", "276.52"),
            (finalized.Subtotal.ToAmountString(), finalized.Tax.ToAmountString(), finalized.Total.ToAmountString()));
        // March itself is untouched.
        Assert.Equal("3428.80", march.State().Issued!.Total.ToAmountString());
    }

    [Fact]
    public void A_later_arrival_for_the_same_period_replaces_the_adjustment_on_the_open_draft()
    {
        var march = Finalized(March, MarchCharges(), "US-2025-000042");
        var april = AprilDraft(H100(100m, April));
        april.Decide(s => DraftDecision.Decide(new AdjustForLateUsage(AprilId, LateFor(march, MarchCharges(1236.5675m)), At("2025-04-21T00:00:00Z"), Rating), s));

        april.Decide(s => DraftDecision.Decide(new AdjustForLateUsage(AprilId, LateFor(march, MarchCharges(1237.5675m)), At("2025-04-22T00:00:00Z"), Rating), s));

        var adjustment = Assert.Single(april.State().Adjustments);
        var line = Assert.Single(adjustment.Lines(Acme.Currency));
        Assert.Equal((3m, "7.47"), (line.Quantity, line.Amount.ToAmountString())); // 3081.54 - 3074.07
    }

    [Fact]
    public void The_same_adjustment_twice_adds_nothing()
    {
        var march = Finalized(March, MarchCharges(), "US-2025-000042");
        var april = AprilDraft(H100(100m, April));
        var command = new AdjustForLateUsage(AprilId, LateFor(march, MarchCharges(1236.5675m)), At("2025-04-21T00:00:00Z"), Rating);
        april.Decide(s => DraftDecision.Decide(command, s));

        Assert.Empty(DraftDecision.Decide(command, april.State()));
    }

    [Fact]
    public void Late_usage_after_an_adjustment_was_invoiced_bills_only_what_is_new()
    {
        var march = Finalized(March, MarchCharges(), "US-2025-000042");
        var april = AprilDraft(H100(100m, April));
        april.Decide(s => DraftDecision.Decide(new AdjustForLateUsage(AprilId, LateFor(march, MarchCharges(1236.5675m)), At("2025-04-21T00:00:00Z"), Rating), s));
        april.Decide(s => FinalizeDecision.Decide(new FinalizeInvoice(AprilId, "US-2025-000051", Acme, Agreeing(), AprilClosed, Closer), s));
        var may = new List<InvoiceEvent>();
        may.Decide(s => DraftDecision.Decide(Open(May), s));

        // One more March hour; March has now been invoiced on its own invoice and on April's line 2.
        var adjusted = may.Decide(s => DraftDecision.Decide(new AdjustForLateUsage(MayId,
            LateFor(march, MarchCharges(1237.5675m), april.Issued().Lines[1]), At("2025-05-10T00:00:00Z"), Rating), s));

        var line = Assert.Single(Assert.IsType<LateUsageAdjusted>(Assert.Single(adjusted)).Lines);
        Assert.Equal((1m, "2.49"), (line.Quantity, line.Amount.ToAmountString())); // 3081.54 - (3074.07 + 4.98)
    }

    [Fact]
    public void Late_usage_under_a_commitment_shrinks_the_shortfall_already_billed_with_a_negative_adjustment()
    {
        // Committed to 100 H100 hours at 1.80: March used 60, so 40 hours of shortfall were billed.
        ChargeLine Used(decimal hours) => Charge("H100 committed use", "gpu-time", "H100/committed", hours, "GPU-hour", 1.80m, March);
        ChargeLine Shortfall(decimal hours) => Charge("H100 commitment shortfall", "commitment", "H100/committed", hours, "GPU-hour", 1.80m, March);
        var march = Finalized(March, [Used(60m), Shortfall(40m)], "US-2025-000042");
        var april = AprilDraft(Charge("H100 committed use", "gpu-time", "H100/committed", 100m, "GPU-hour", 1.80m, April));

        // 15 hours of March arrive late: 75 used, 25 short.
        april.Decide(s => DraftDecision.Decide(new AdjustForLateUsage(AprilId, LateFor(march, [Used(75m), Shortfall(25m)]), At("2025-04-21T00:00:00Z"), Rating), s));
        var finalized = april.Decide(s => FinalizeDecision.Decide(new FinalizeInvoice(AprilId, "US-2025-000051", Acme, Agreeing(), AprilClosed, Closer), s))
            .OfType<InvoiceFinalized>().Single();

        Assert.Equal(
            [(1, "180.00", 100m), (2, "-27.00", -15m), (3, "27.00", 15m)],
            finalized.Lines.Select(l => (l.Number, l.Amount.ToAmountString(), l.Quantity)));
        Assert.Equal("commitment", finalized.Lines[1].Meter);
        Assert.Equal("Late usage for 2025-03-01..2025-03-31 (invoice US-2025-000042): H100 commitment shortfall", finalized.Lines[1].Description);
        // Under the commitment the customer owed the same for March either way.
        Assert.Equal("180.00", finalized.Subtotal.ToAmountString());
    }

    [Fact]
    public void Late_usage_that_reaches_a_cheaper_volume_tier_gives_a_negative_adjustment()
    {
        // Volume tiers: under 100 hours every hour is 2.00; from 100 hours every hour is 1.90.
        var march = Finalized(March, [H100(99m, March, price: 2.00m)], "US-2025-000042");
        var april = AprilDraft(H100(50m, April, price: 2.00m));

        april.Decide(s => DraftDecision.Decide(new AdjustForLateUsage(AprilId, LateFor(march, [H100(101m, March, price: 1.90m)]), At("2025-04-21T00:00:00Z"), Rating), s));
        var finalized = april.Decide(s => FinalizeDecision.Decide(new FinalizeInvoice(AprilId, "US-2025-000051", Acme, Agreeing(), AprilClosed, Closer), s))
            .OfType<InvoiceFinalized>().Single();

        Assert.Equal((2m, "-6.10"), (finalized.Lines[1].Quantity, finalized.Lines[1].Amount.ToAmountString())); // 191.90 - 198.00
        Assert.Equal(("93.90", "8.33", "102.23"),
            (finalized.Subtotal.ToAmountString(), finalized.Tax.ToAmountString(), finalized.Total.ToAmountString()));
    }

    [Fact]
    public void Late_usage_cannot_be_charged_on_a_finalized_invoice_or_on_the_same_or_an_earlier_period()
    {
        var march = Finalized(March, MarchCharges(), "US-2025-000042");
        var late = LateFor(march, MarchCharges(1236.5675m));

        var onFinalized = Assert.Throws<CommandRefused>(() =>
            DraftDecision.Decide(new AdjustForLateUsage(IdOf(March), late, At("2025-04-21T00:00:00Z"), Rating), march.State()));
        var february = new List<InvoiceEvent>();
        february.Decide(s => DraftDecision.Decide(Open(March.Previous(Acme)), s));
        var onEarlier = Assert.Throws<CommandRefused>(() =>
            DraftDecision.Decide(new AdjustForLateUsage(IdOf(March.Previous(Acme)), late, At("2025-04-21T00:00:00Z"), Rating), february.State()));

        Assert.Equal(
            "Invoice acme@2025-03-01 is finalized and never changes; late usage of 2025-03-01..2025-03-31 goes on the next open invoice.",
            onFinalized.Message);
        Assert.Equal(
            "Late usage of 2025-03-01..2025-03-31 can only be charged on an invoice of a later period; invoice acme@2025-02-01 is for 2025-02-01..2025-02-28.",
            onEarlier.Message);
    }
}
