using System.Net;
using System.Net.Http.Json;
using Audit.Recompute;
using GpuBilling.Access;
using GpuBilling.Money;
using Invoicing.Audit;
using Invoicing.Invoices;
using static Audit.Tests.Usage;

namespace Audit.Tests;

public sealed class RecomputeServices() : BilledServices("audit_full_recompute_tests");

/// <summary>
/// An invoice recomputed from the usage ledger through accrual and rating to its lines, over what
/// the real services stored. Untouched, every figure follows to the minor unit; an edit made
/// directly in PostgreSQL anywhere along the way is named where it was made: the allocation of the
/// accrual that differs from its ledger event, the line it changes, the ledger event that is gone,
/// the link of the hash chain of whichever stream it was made in (ledger, accrual, rate card, invoice).
/// </summary>
public class FullRecomputeTests(RecomputeServices services) : IClassFixture<RecomputeServices>
{
    private static readonly Currency Usd = Currency.Of("USD");
    private const string GpuTime = "GPU time H100/on-demand";

    [Fact]
    public async Task An_untouched_invoice_recomputes_from_the_ledger_to_the_same_lines_and_totals_to_the_minor_unit()
    {
        var invoiceId = await services.FinalizedJanuaryAsync("untouched");

        var report = await RecomputeAsync(invoiceId);

        Assert.True(report.Matches, string.Join("\n", report.Findings));
        Assert.Empty(report.Findings);
        Assert.Equal(
            [
                ("invoice", invoiceId, 3, 1, true),
                ("billing account", "untouched", 1, 1, true),
                // The period's opening (its terms arrived first), then three accruals.
                ("accrual", "untouched@2026-01-01T00:00Z", 4, 1, true),
                ("rate card", BilledServices.RateCardId, 1, 1, true),
                ("usage ledger", "of untouched in the period", 3, 3, true),
            ],
            report.Chains.Select(c => (c.Kind, c.Stream, c.Events, c.Streams, c.Intact)));
        Assert.Equal(("INV-untouched-issuer-000001", true), (report.InvoiceNumber, report.Invoice.Matches));

        var rating = report.Rating;
        Assert.Equal(("untouched@2026-01-01T00:00Z", 4L, BilledServices.RateCardId, 2_400L, 2_400L),
            (rating.AccrualStream, rating.TotalsVersion, rating.RateCardId, rating.StoredMeteredGpuSeconds, rating.RecomputedMeteredGpuSeconds));
        var fromLedger = rating.FromLedger!;
        Assert.Equal(
            [(1, "Energy H100/on-demand", 0.04m), (2, GpuTime, 1.60m)],
            fromLedger.Lines.Select(l => (l.Number, l.Description, l.Amount.Amount)));
        Assert.Equal((1.64m, 0.31m, 1.95m), (fromLedger.Subtotal.Amount, fromLedger.Tax.Amount, fromLedger.Total.Amount));

        // Each line's figures as the invoice shows them, recomputed from the stored charges and again from the ledger.
        const decimal joules = 660_000m;
        var (energy, gpuTime) = (joules * BilledServices.EnergyPricePerKWh / 3_600_000m, Usage.GpuSeconds * BilledServices.PricePerGpuHour / 3600m);
        string[] explanations =
        [
            $"{Exact(joules)} joules × {Exact(BilledServices.EnergyPricePerKWh)} USD per kWh ÷ 3600000 = {Exact(energy)} USD, rounded half to even to 0.01 USD: 0.04 USD.",
            $"{Usage.GpuSeconds} GPU-seconds × {Exact(BilledServices.PricePerGpuHour)} USD per GPU-hour ÷ 3600 = {Exact(gpuTime)} USD, rounded half to even to 0.01 USD: 1.60 USD.",
        ];
        var recomputed = report.Invoice.Recompute!.RecomputedLines;
        Assert.Equal(
            [
                (null, null, new LineCalculation(LineMethod.Energy, energy, explanations[0])),
                ((decimal?)Usage.GpuSeconds, (decimal?)Math.Round(Usage.GpuSeconds / 3600m, 6, MidpointRounding.ToEven), new LineCalculation(LineMethod.PerSecond, gpuTime, explanations[1])),
            ],
            recomputed.Select(l => (l.Seconds, l.Hours, l.Calculation)));
        Assert.Equal(recomputed.Select(l => (l.Seconds, l.Hours, l.Calculation)),
            fromLedger.Lines.Select(LineFigures.Of).Select(f => (f.Seconds, f.Hours, f.Calculation)));

        var ledger = report.Ledger;
        var reconciliation = ledger.Reconciliation!;
        Assert.Equal((3, 2_400L, 2_400L, 2_400L, 0L, 0),
            (ledger.SourcesChecked, reconciliation.LedgerGpuSeconds, reconciliation.RatedLedgerGpuSeconds, reconciliation.AccruedGpuSeconds,
                reconciliation.AccruedLaterGpuSeconds, reconciliation.NeverAccrued.Count));

        var (status, output, errors) = await CommandAsync(invoiceId);
        Assert.True(status == RecomputeCommand.Matches, errors + output);
        Assert.Contains("MATCHES: every line and total follows from the usage ledger.", output);
        Assert.Contains($"invoice {invoiceId}: 3 events, chain intact", output);
        Assert.Contains("accrual untouched@2026-01-01T00:00Z: 4 events, chain intact", output);
        Assert.Contains("usage ledger of untouched in the period: 3 events, 3 chains intact", output);

        // The report as always, then the lines: what an auditor at a shell reads an invoice's amounts by.
        var (linesStatus, withLines, _) = await CommandAsync(invoiceId, "--lines");
        Assert.Equal(RecomputeCommand.Matches, linesStatus);
        Assert.Equal(output + $"Lines (as recomputed):\n  1. Energy H100/on-demand: {explanations[0]}\n  2. {GpuTime}: {explanations[1]}\n", withLines);
    }

    [Fact]
    public async Task Seconds_edited_into_an_accrual_are_named_at_the_allocation_against_its_ledger_event_and_at_the_line_they_change()
    {
        const string tenant = "edited-accrual";
        var invoiceId = await services.FinalizedJanuaryAsync(tenant);
        var stream = $"{tenant}@2026-01-01T00:00Z";
        var source = (await services.LedgerEventIdAsync(NodeHour(tenant, FirstHour))).ToString();
        var version = await services.ScalarAsync("select version from pricing.mt_events where stream_id = $1 and data ->> 'SourceId' = $2", stream, source);

        // GPU 0's 600 seconds of the first hour (its first quantity, job-1 before job-2) become 700.
        await services.TamperAsync(
            "update pricing.mt_events set data = jsonb_set(data, '{Quantities,0,Seconds}', '700'::jsonb) where stream_id = $1 and version = $2",
            stream, version);
        var report = await RecomputeAsync(invoiceId);

        Assert.False(report.Matches);
        var broken = report.Chains.Single(c => !c.Intact);
        Assert.Equal(("accrual", stream, version, "UsageAccrued"), (broken.Kind, broken.Stream, broken.FirstBroken!.Version, broken.FirstBroken.EventType));
        Assert.True(report.Invoice.Matches);
        Assert.Equal(
            [new QuantityDifference(version, source, $"{GpuOf(tenant, 0)} job-1 H100/on-demand v1", "Seconds", "700", "600")],
            report.Ledger.Quantities);
        var reconciliation = report.Ledger.Reconciliation!;
        Assert.Equal((2_400L, 2_400L, 2_500L, false),
            (reconciliation.LedgerGpuSeconds, reconciliation.RatedLedgerGpuSeconds, reconciliation.AccruedGpuSeconds, reconciliation.Matches));

        Assert.Equal(
            [
                new LineDifference(2, GpuTime, "Quantity", "0.6666666666666666666666666667", "0.6944444444444444444444444444"),
                new LineDifference(2, GpuTime, "Amount", "1.6 USD", "1.67 USD"),
                // The billable seconds the line carries for the completeness check.
                new LineDifference(2, GpuTime, "Lineage",
                    $$"""{"AccrualStream":"{{stream}}","GpuModel":"H100","MeterQuantity":2400,"RateCardId":"{{BilledServices.RateCardId}}","RateCardVersion":1,"TotalsVersion":4,"Usage":[]}""",
                    $$"""{"AccrualStream":"{{stream}}","GpuModel":"H100","MeterQuantity":2500,"RateCardId":"{{BilledServices.RateCardId}}","RateCardVersion":1,"TotalsVersion":4,"Usage":[]}"""),
            ],
            report.Rating.Charges);
        Assert.Equal(
            [
                new TotalDifference("Subtotal", new Money(1.64m, Usd), new Money(1.71m, Usd)),
                new TotalDifference("Tax", new Money(0.31m, Usd), new Money(0.32m, Usd)),
                new TotalDifference("Total", new Money(1.95m, Usd), new Money(2.03m, Usd)),
            ],
            report.Rating.Totals);
        Assert.Equal(["MeteredGpuSeconds stored 2400, recomputed 2500"], report.Rating.Problems);
        Assert.Contains($"ledger: accrual event {version} (ledger event {source}), {GpuOf(tenant, 0)} job-1 H100/on-demand v1: Seconds stored 700, recomputed 600", report.Findings);
        Assert.Contains($"rating: line 2 ({GpuTime}): Amount stored 1.6 USD, recomputed 1.67 USD", report.Findings);
    }

    [Fact]
    public async Task A_ledger_event_deleted_from_metering_is_named_by_the_accrual_that_names_it_and_missing_from_the_reconciliation()
    {
        const string tenant = "lost-ledger-event";
        var invoiceId = await services.FinalizedJanuaryAsync(tenant);
        var source = await services.LedgerEventIdAsync(NodeHour(tenant, SecondHour));
        var version = await services.ScalarAsync(
            "select version from pricing.mt_events where stream_id = $1 and data ->> 'SourceId' = $2", $"{tenant}@2026-01-01T00:00Z", source.ToString());

        await services.TamperAsync("delete from metering.mt_events where id = $1", source);
        var report = await RecomputeAsync(invoiceId);

        Assert.False(report.Matches);
        Assert.Equal(
            [new QuantityDifference(version, source.ToString(), null, "LedgerEvent", "accrued", "(no such event in metering's ledger)")],
            report.Ledger.Quantities);
        var reconciliation = report.Ledger.Reconciliation!;
        Assert.Equal((2_100L, 2_100L, 2_400L, 0L, 0),
            (reconciliation.LedgerGpuSeconds, reconciliation.RatedLedgerGpuSeconds, reconciliation.AccruedGpuSeconds,
                reconciliation.AccruedLaterGpuSeconds, reconciliation.NeverAccrued.Count));
        // Nothing after the ledger was touched: rating and the invoice still follow from what was accrued.
        Assert.True(report.Rating.Matches);
        Assert.True(report.Invoice.Matches);
        Assert.Equal((2, "usage ledger"), (report.Chains[^1].Events, report.Chains[^1].Kind));
        Assert.Equal(
            [
                $"ledger: accrual event {version} (ledger event {source}): LedgerEvent stored accrued, recomputed (no such event in metering's ledger)",
                $"ledger: {reconciliation}",
            ],
            report.Findings);

        var (status, output, _) = await CommandAsync(invoiceId);
        Assert.Equal(RecomputeCommand.Differs, status);
        Assert.Contains("DIFFERS (2 findings):", output);
    }

    [Fact]
    public async Task An_edited_invoice_event_is_named_by_the_link_it_broke_and_the_line_it_changed()
    {
        var invoiceId = await services.FinalizedJanuaryAsync("edited-invoice");

        await services.TamperAsync(
            """
            update invoicing.mt_events set data = jsonb_set(data, '{Lines,1,Amount,Amount}', '9.99'::jsonb)
            where stream_id = $1 and type = 'invoice_finalized'
            """,
            invoiceId);
        var report = await RecomputeAsync(invoiceId);

        Assert.False(report.Matches);
        var broken = report.Chains.Single(c => !c.Intact);
        Assert.Equal(("invoice", invoiceId, 3L, "InvoiceFinalized"), (broken.Kind, broken.Stream, broken.FirstBroken!.Version, broken.FirstBroken.EventType));
        Assert.Equal([new LineDifference(2, GpuTime, "Amount", "9.99 USD", "1.6 USD")], report.Invoice.Recompute!.Lines);
        // The charges the invoice stored are still what the ledger gives: the edit is in the last hop alone.
        Assert.True(report.Rating.Matches);
        Assert.True(report.Ledger.Matches);
        Assert.Equal(2, report.Findings.Count);
        Assert.StartsWith($"chain: invoice {invoiceId}: first broken link: event 3 (InvoiceFinalized) has hash ", report.Findings[0]);
        Assert.Equal($"invoice: line 2 ({GpuTime}): Amount stored 9.99 USD, recomputed 1.6 USD", report.Findings[1]);
    }

    [Fact]
    public async Task A_credit_draw_edited_in_invoicing_is_named_by_the_credit_stream_s_broken_link_and_the_settlement_it_no_longer_gives()
    {
        const string tenant = "edited-credit";
        var invoiceId = await services.FinalizedJanuaryAsync(tenant, withTrial: true);
        Assert.True((await RecomputeAsync(invoiceId)).Matches);

        await services.TamperAsync(
            """
            update invoicing.mt_events set data = jsonb_set(data, '{Draws,0,Amount,Amount}', '0.01'::jsonb)
            where stream_id = $1 and version = 2
            """,
            $"{tenant}:credits");
        var report = await RecomputeAsync(invoiceId);

        Assert.False(report.Matches);
        var broken = report.Chains.Single(c => !c.Intact);
        Assert.Equal(("credit", $"{tenant}:credits", 2L, "CreditDrawn"), (broken.Kind, broken.Stream, broken.FirstBroken!.Version, broken.FirstBroken.EventType));
        Assert.Contains(report.Findings, f => f.StartsWith("invoice: Discount: Amount stored ", StringComparison.Ordinal));
        // The ledger and rating say nothing about credit: only the invoice hop differs.
        Assert.True(report.Rating.Matches);
        Assert.True(report.Ledger.Matches);
    }

    [Fact]
    public async Task A_ledger_event_edited_in_metering_is_named_by_its_stream_and_the_link_it_broke_though_no_figure_changed()
    {
        const string tenant = "edited-ledger";
        var invoiceId = await services.FinalizedJanuaryAsync(tenant);
        var stream = NodeHour(tenant, SecondHour);
        var storedHash = await services.TextAsync("select data ->> 'Hash' from metering.mt_events where stream_id = $1", stream);

        await services.TamperAsync(
            """update metering.mt_events set data = jsonb_set(data, '{RecordedBy}', '"operator:mallory"'::jsonb) where stream_id = $1 and version = 1""",
            stream);
        var report = await RecomputeAsync(invoiceId);

        await AssertOnlyChainBrokenAsync(report, invoiceId, "usage ledger", stream, 1, "NodeUsageRecorded", storedHash);
        Assert.Equal(("usage ledger", "of edited-ledger in the period", 2, 2), (report.Chains[^1].Kind, report.Chains[^1].Stream, report.Chains[^1].Events, report.Chains[^1].Streams));
    }

    [Fact]
    public async Task An_accrual_edited_in_pricing_is_named_by_the_link_it_broke_though_no_figure_changed()
    {
        const string tenant = "reattributed-accrual";
        var invoiceId = await services.FinalizedJanuaryAsync(tenant);
        var stream = $"{tenant}@2026-01-01T00:00Z";
        var storedHash = await services.TextAsync("select data ->> 'Hash' from pricing.mt_events where stream_id = $1 and version = 2", stream);

        await services.TamperAsync(
            """update pricing.mt_events set data = jsonb_set(data, '{AccruedBy}', '"operator:mallory"'::jsonb) where stream_id = $1 and version = 2""",
            stream);
        var report = await RecomputeAsync(invoiceId);

        await AssertOnlyChainBrokenAsync(report, invoiceId, "accrual", stream, 2, "UsageAccrued", storedHash);
    }

    [Fact]
    public async Task A_rate_card_version_edited_in_pricing_is_named_by_the_link_it_broke_though_no_figure_changed()
    {
        var invoiceId = await services.FinalizedJanuaryAsync("edited-rate-card");
        const string version = "select data ->> '{0}' from pricing.mt_events where stream_id = $1 and version = 1";
        var storedHash = await services.TextAsync(version.Replace("{0}", "Hash"), BilledServices.RateCardId);
        var publishedBy = await services.TextAsync(version.Replace("{0}", "PublishedBy"), BilledServices.RateCardId);

        // Every tenant of this class is priced by this card: the edit is undone before the next test.
        await services.TamperAsync(
            """update pricing.mt_events set data = jsonb_set(data, '{PublishedBy}', '"operator:mallory"'::jsonb) where stream_id = $1 and version = 1""",
            BilledServices.RateCardId);
        try
        {
            var report = await RecomputeAsync(invoiceId);

            await AssertOnlyChainBrokenAsync(report, invoiceId, "rate card", BilledServices.RateCardId, 1, "RateCardVersionPublished", storedHash);
        }
        finally
        {
            await services.TamperAsync(
                "update pricing.mt_events set data = jsonb_set(data, '{PublishedBy}', to_jsonb($2::text)) where stream_id = $1 and version = 1",
                BilledServices.RateCardId, publishedBy);
        }
    }

    [Fact]
    public async Task A_month_longer_than_the_reader_holds_recomputes_exactly_and_an_accrual_edited_mid_stream_is_named_at_its_version()
    {
        // More ledger events and accruals than the reader's channel holds (512): both streams pass through it more than once.
        const string tenant = "long-month";
        const int hours = 600;
        var invoiceId = await services.FinalizedJanuaryAsync(tenant, [.. Usage.EveryHour(tenant, hours)], hours);
        var stream = $"{tenant}@2026-01-01T00:00Z";

        var untouched = await RecomputeAsync(invoiceId);

        Assert.True(untouched.Matches, string.Join("\n", untouched.Findings));
        Assert.Equal(
            [("accrual", stream, hours + 1, 1, true), ("usage ledger", $"of {tenant} in the period", hours, hours, true)],
            untouched.Chains.Where(c => c.Kind is "accrual" or "usage ledger").Select(c => (c.Kind, c.Stream, c.Events, c.Streams, c.Intact)));
        var reconciliation = untouched.Ledger.Reconciliation!;
        Assert.Equal((hours, (long)hours, (long)hours, (long)hours),
            (untouched.Ledger.SourcesChecked, reconciliation.LedgerGpuSeconds, reconciliation.RatedLedgerGpuSeconds, reconciliation.AccruedGpuSeconds));

        // An accrual in the middle of the stream: its one GPU-second becomes two.
        const long version = hours / 2;
        var source = await services.TextAsync("select data ->> 'SourceId' from pricing.mt_events where stream_id = $1 and version = $2", stream, version);
        await services.TamperAsync(
            "update pricing.mt_events set data = jsonb_set(data, '{Quantities,0,Seconds}', '2'::jsonb) where stream_id = $1 and version = $2",
            stream, version);
        var report = await RecomputeAsync(invoiceId);

        var broken = report.Chains.Single(c => !c.Intact);
        Assert.Equal(("accrual", stream, version, "UsageAccrued"), (broken.Kind, broken.Stream, broken.FirstBroken!.Version, broken.FirstBroken.EventType));
        Assert.Equal([new QuantityDifference(version, source, $"{GpuOf(tenant, 0)} job-1 H100/on-demand v1", "Seconds", "2", "1")], report.Ledger.Quantities);
        Assert.Equal((hours, hours + 1L), (report.Ledger.SourcesChecked, report.Ledger.Reconciliation!.AccruedGpuSeconds));
        Assert.Equal([$"MeteredGpuSeconds stored {hours}, recomputed {hours + 1}"], report.Rating.Problems);
    }

    [Fact]
    public async Task An_accrual_whose_author_was_erased_is_named_as_refused_by_pricing_s_decision_though_its_quantities_match()
    {
        // Pricing's decision accrues nothing without an author, whatever the quantities: the edit is more than a broken link.
        const string tenant = "anonymous-accrual";
        var invoiceId = await services.FinalizedJanuaryAsync(tenant);
        var stream = $"{tenant}@2026-01-01T00:00Z";
        var source = await services.TextAsync("select data ->> 'SourceId' from pricing.mt_events where stream_id = $1 and version = 2", stream);

        await services.TamperAsync(
            """update pricing.mt_events set data = jsonb_set(data, '{AccruedBy}', '""'::jsonb) where stream_id = $1 and version = 2""",
            stream);
        var report = await RecomputeAsync(invoiceId);

        var broken = report.Chains.Single(c => !c.Intact);
        Assert.Equal(("accrual", stream, 2L), (broken.Kind, broken.Stream, broken.FirstBroken!.Version));
        Assert.Equal([new QuantityDifference(2, source, null, "Refused", "accrued", "'Accrued By' must not be empty.")], report.Ledger.Quantities);
        Assert.True(report.Rating.Matches);
        Assert.True(report.Invoice.Matches);
    }

    /// <summary>The edit changed no figure, so the broken link is the one finding, and it alone makes the invoice differ.</summary>
    private async Task AssertOnlyChainBrokenAsync(FullRecomputeReport report, string invoiceId, string kind, string stream, long version, string eventType, string storedHash)
    {
        Assert.False(report.Matches);
        var broken = report.Chains.Single(c => !c.Intact);
        var link = broken.FirstBroken!;
        Assert.Equal((kind, stream, version, eventType, storedHash), (broken.Kind, broken.Stream, link.Version, link.EventType, link.StoredHash));
        Assert.Matches("^[0-9a-f]{64}$", link.ExpectedHash);
        Assert.NotEqual(storedHash, link.ExpectedHash);
        Assert.True(report.Invoice.Matches);
        Assert.True(report.Rating.Matches);
        Assert.True(report.Ledger.Matches);
        Assert.Equal(
            [$"chain: {kind} {stream}: first broken link: event {version} ({eventType}) has hash {storedHash}, its content and predecessor give {link.ExpectedHash}"],
            report.Findings);

        var (status, output, _) = await CommandAsync(invoiceId);
        Assert.Equal(RecomputeCommand.Differs, status);
        Assert.Contains("DIFFERS (1 findings):", output);
        Assert.Contains($"  {kind} {stream}: first broken link: event {version} ({eventType}) has hash {storedHash}", output);
    }

    [Fact]
    public async Task Only_auditors_and_operators_may_recompute_an_unknown_invoice_is_404_and_a_malformed_id_a_problem()
    {
        var tenantClient = await services.AuditClientAsync(Roles.Tenant);
        var operatorClient = await services.AuditClientAsync(Roles.Operator);

        Assert.Equal(HttpStatusCode.Unauthorized, (await services.AnonymousAuditClient().GetAsync("/v1/audit/invoices/nobody@2026-01-01/recompute")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenantClient.GetAsync("/v1/audit/invoices/nobody@2026-01-01/recompute")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/v1/audit/invoices/nobody@2026-01-01/recompute")).StatusCode);

        var malformed = await operatorClient.GetAsync("/v1/audit/invoices/not-an-invoice/recompute");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        var problem = await malformed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(["invoiceId"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));

        Assert.Equal(RecomputeCommand.Failed, (await CommandAsync("nobody@2026-01-01")).Status);
        Assert.Equal(RecomputeCommand.Failed, (await CommandAsync("not-an-invoice")).Status);
    }

    private async Task<FullRecomputeReport> RecomputeAsync(string invoiceId)
    {
        var auditor = await services.AuditClientAsync();
        var response = await auditor.GetAsync($"/v1/audit/invoices/{invoiceId}/recompute");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<FullRecomputeReport>(BilledServices.Json))!;
    }

    private static string Exact(decimal value) => value.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(int Status, string Output, string Errors)> CommandAsync(params string[] arguments)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var status = await RecomputeCommand.RunAsync(services.Database, arguments, output, errors, CancellationToken.None);
        return (status, output.ToString(), errors.ToString());
    }
}
