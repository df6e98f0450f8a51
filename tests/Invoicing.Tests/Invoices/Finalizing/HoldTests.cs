using GpuBilling.Decisions;
using Invoicing.Invoices;
using Invoicing.Invoices.Drafting;
using Invoicing.Invoices.Finalizing;
using Invoicing.Ratings;
using Metering.Contracts;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Invoices.Finalizing;

public class HoldTests
{
    private static readonly string MarchId = IdOf(March);

    // Ten billable GPU-seconds rated but never reached the draft: a charge lost between pricing and invoicing.
    private static readonly Reconciliation DraftShort = new(4_480_887m, 4_480_887m, 4_480_887m, 4_480_877m);

    private static List<InvoiceEvent> HeldMarch()
    {
        var stream = new List<InvoiceEvent>();
        stream.Decide(s => DraftDecision.Decide(Open(March), s));
        stream.Decide(s => DraftDecision.Decide(new UpdateInvoiceDraft(MarchId, 1, MarchCharges(), At("2025-03-31T23:00:00Z"), Rating), s));
        stream.Decide(s => FinalizeDecision.Decide(new FinalizeInvoice(MarchId, "US-2025-000042", Acme, DraftShort, MarchClosed, Closer), s));
        return stream;
    }

    [Fact]
    public void A_mismatch_in_the_completeness_check_holds_the_invoice_instead_of_finalizing_it()
    {
        var stream = HeldMarch();

        var held = Assert.IsType<InvoiceHeld>(stream[^1]);
        Assert.Equal(DraftShort, held.Reconciliation);
        Assert.Equal("rating bills 4480887 GPU-seconds, the invoice's GPU-time lines 4480877 (-10)", held.Mismatch);
        Assert.Equal(InvoiceStatus.Held, stream.State().Status);
        Assert.Empty(stream.OfType<InvoiceFinalized>());
    }

    [Fact]
    public void A_held_invoice_cannot_be_finalized()
    {
        var refused = Assert.Throws<CommandRefused>(() => FinalizeDecision.Decide(
            new FinalizeInvoice(MarchId, "US-2025-000042", Acme, Agreeing(), MarchClosed.AddHours(1), Closer), HeldMarch().State()));

        Assert.Equal(Refusal.Conflict, refused.Reason);
        Assert.Equal(
            "Invoice acme@2025-03-01 is held because rating bills 4480887 GPU-seconds, the invoice's GPU-time lines 4480877 (-10); " +
            "release it once ledger, rating and invoice agree, then finalize.",
            refused.Message);
    }

    [Fact]
    public void A_held_invoice_stays_held_while_the_figures_still_disagree()
    {
        var ratingShort = new Reconciliation(4_480_887m, 4_480_880m, 4_480_880m, 4_480_880m);

        var refused = Assert.Throws<CommandRefused>(() =>
            FinalizeDecision.Decide(new ReleaseInvoice(MarchId, ratingShort, MarchClosed.AddHours(1), Closer), HeldMarch().State()));

        Assert.Equal(
            "Invoice acme@2025-03-01 stays held: the usage ledger holds 4480887 GPU-seconds, rating 4480880 (-7).",
            refused.Message);
    }

    [Fact]
    public void Once_reconciled_a_held_invoice_is_released_and_then_finalized_with_the_corrected_charges()
    {
        var stream = HeldMarch();
        // The missing charges arrive on the held draft, then the check agrees.
        stream.Decide(s => DraftDecision.Decide(
            new UpdateInvoiceDraft(MarchId, 2, MarchCharges(h100Hours: 1234.5703m), MarchClosed.AddMinutes(30), Rating), s));
        var released = stream.Decide(s => FinalizeDecision.Decide(new ReleaseInvoice(MarchId, Agreeing(), MarchClosed.AddHours(1), Closer), s));
        var finalized = stream.Decide(s => FinalizeDecision.Decide(
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
        stream.Decide(s => DraftDecision.Decide(Open(March), s));

        var refused = Assert.Throws<CommandRefused>(() =>
            FinalizeDecision.Decide(new ReleaseInvoice(MarchId, Agreeing(), MarchClosed, Closer), stream.State()));

        Assert.Equal("Invoice acme@2025-03-01 is not held (it is draft).", refused.Message);
    }

    /// <summary>
    /// March rated with graduated tiers and reserved GPUs: 5,370 GPU-seconds metered, 5,400 billable
    /// (per-minute increments) split over two tiers; the fee and the reserved GPUs bill no seconds.
    /// </summary>
    private static PeriodRated GraduatedMarch() => new()
    {
        TenantId = "acme",
        PeriodStart = March.Start,
        PeriodEnd = March.End,
        AccrualStream = "acme@2025-03-01T05:00Z",
        TotalsVersion = 7,
        RateCardId = "rc-standard",
        CurrencyCode = "USD",
        MeteredGpuSeconds = 5370,
        BillableGpuSeconds = 5400,
        LedgerEvents = 7,
        Charges =
        [
            new("GPU time H100/on-demand, graduated tier 1 (up to 1 GPU-hours)", "gpu-time", "H100/on-demand", "H100", "usage", 1, "rc-standard", 3,
                1m, "GPU-hour", 2.49m, 2.49m, 3600m),
            new("GPU time H100/on-demand, graduated tier 2 (over 1 GPU-hours)", "gpu-time", "H100/on-demand", "H100", "usage", 2, "rc-standard", 3,
                0.5m, "GPU-hour", 1.99m, 0.995m, 1800m),
            new("Flat fee H100/on-demand, graduated tier 2", "gpu-time", "H100/on-demand", "H100", "flat-fee", 2, "rc-standard", 3,
                1m, "each", 5m, 5m, null),
            new("Reserved H100 GPUs", null, null, "H100", "reserved-gpus", null, "rc-standard", 3, 2m, "reserved GPU", 100m, 200m, null),
        ],
        RatedAt = March.End,
    };

    private static List<InvoiceEvent> MarchDrafted(IReadOnlyList<ChargeLine> charges)
    {
        var stream = new List<InvoiceEvent>();
        stream.Decide(s => DraftDecision.Decide(Open(March), s));
        stream.Decide(s => DraftDecision.Decide(new UpdateInvoiceDraft(MarchId, 7, charges, MarchClosed, Closer, 5370), s));
        return stream;
    }

    [Fact]
    public void A_draft_that_lost_a_tier_line_on_the_way_from_rating_is_held_with_the_billable_seconds_missing()
    {
        var rated = GraduatedMarch();
        var charges = new PeriodCharges(PeriodCharges.KeyFor("acme", March.Start), rated).ChargeLines();
        var stream = MarchDrafted([.. charges.Where(c => !c.Description.Contains("graduated tier 2 (over"))]);

        var reconciliation = Reconciliation.Of(5370, rated, stream.State().Charges);
        stream.Decide(s => FinalizeDecision.Decide(new FinalizeInvoice(MarchId, "US-2025-000042", Acme, reconciliation, MarchClosed, Closer), s));

        var held = Assert.IsType<InvoiceHeld>(stream[^1]);
        Assert.Equal(new Reconciliation(5370, 5370, 5400, 3600), held.Reconciliation);
        Assert.Equal("rating bills 5400 GPU-seconds, the invoice's GPU-time lines 3600 (-1800)", held.Mismatch);
    }

    [Fact]
    public void A_draft_with_every_line_rated_reconciles_tier_by_tier_and_is_finalized()
    {
        var rated = GraduatedMarch();
        var stream = MarchDrafted(new PeriodCharges(PeriodCharges.KeyFor("acme", March.Start), rated).ChargeLines());

        var reconciliation = Reconciliation.Of(5370, rated, stream.State().Charges);
        stream.Decide(s => FinalizeDecision.Decide(new FinalizeInvoice(MarchId, "US-2025-000042", Acme, reconciliation, MarchClosed, Closer), s));

        Assert.Equal(new Reconciliation(5370, 5370, 5400, 5400), stream.Issued().Reconciliation);
        Assert.Equal("ledger and rating agree on 5370 metered GPU-seconds, rating and invoice on 5400 billable GPU-seconds", reconciliation.Describe());
    }

    [Fact]
    public void Both_hops_disagreeing_are_reported_each_from_its_source()
    {
        var reconciliation = new Reconciliation(5400, 5370, 5400, 5430);

        Assert.Equal(
            "the usage ledger holds 5400 GPU-seconds, rating 5370 (-30); rating bills 5400 GPU-seconds, the invoice's GPU-time lines 5430 (+30)",
            reconciliation.Describe());
    }
}
