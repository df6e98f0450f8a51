using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Audit.Lineage;
using Audit.Streams;
using GpuBilling.Access;
using static Audit.Tests.Usage;

namespace Audit.Tests;

public sealed class TracingServices() : BilledServices("audit_tracing_tests");

/// <summary>
/// What an auditor reads beside a recompute, over what the real services stored: an invoice line
/// traced back to the usage ledger (every quantity behind it, with the ledger stream and the exact
/// seconds it charges), and any stream's full history as stored, with its hash chain verified.
/// </summary>
public class TracingTests(TracingServices services) : IClassFixture<TracingServices>
{
    private const int EnergyLine = 1;
    private const int GpuTimeLine = 2;

    [Fact]
    public async Task The_GPU_time_line_traces_to_each_allocation_s_ledger_stream_and_seconds_that_add_up_to_its_quantity()
    {
        const string tenant = "traced";
        var invoiceId = await services.FinalizedJanuaryAsync(tenant);

        var lineage = await LineageAsync(invoiceId, GpuTimeLine);

        Assert.Equal(("GPU time H100/on-demand", "gpu-time", "H100/on-demand", BilledServices.RateCardId, 1, $"{tenant}@2026-01-01T00:00Z", 4L, (long?)null),
            (lineage.Description, lineage.Meter, lineage.PriceKey, lineage.RateCardId, lineage.RateCardVersion, lineage.AccrualStream, lineage.TotalsVersion, lineage.After));
        Assert.Equal(Expected(tenant), Rows(lineage.Sources));
        Assert.Equal(GpuSeconds, lineage.Sources.Sum(s => s.GpuSeconds));
        foreach (var source in lineage.Sources)
            Assert.Equal((await services.LedgerEventIdAsync(source.LedgerStream!)).ToString(), source.LedgerEventId);

        // The energy line is charged from the same allocations, by their joules.
        var energy = await LineageAsync(invoiceId, EnergyLine);
        Assert.Equal(("energy", 660_000m), (energy.Meter, energy.Sources.Sum(s => s.EnergyJoules)));
    }

    [Fact]
    public async Task Pages_of_one_accrual_event_each_add_up_to_the_whole_lineage_and_the_last_says_so()
    {
        const string tenant = "paged";
        var invoiceId = await services.FinalizedJanuaryAsync(tenant);

        var pages = new List<LineLineage>();
        long? after = null;
        do
        {
            pages.Add(await LineageAsync(invoiceId, GpuTimeLine, $"?limit=1{(after is { } a ? $"&after={a}" : "")}"));
            after = pages[^1].After;
        } while (after is not null);

        // The stream opens with the period's opening, which charges nothing: its page has no sources.
        Assert.Equal([1L, 2L, 3L, null], pages.Select(p => p.After));
        Assert.Equal(["", "2", "3", "4"], pages.Select(p => string.Join(",", p.Sources.Select(s => s.AccrualVersion).Distinct())));
        Assert.Equal(Expected(tenant), Rows(pages.SelectMany(p => p.Sources)));
    }

    [Fact]
    public async Task Bad_paging_is_a_problem_naming_the_field_an_unknown_line_or_invoice_is_404_and_tenants_may_not_trace()
    {
        var invoiceId = await services.FinalizedJanuaryAsync("refused");
        var auditor = await services.AuditClientAsync();

        var badPage = await auditor.GetAsync($"/v1/audit/invoices/{invoiceId}/lines/2/lineage?limit=0&after=-1");
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Equal("application/problem+json", badPage.Content.Headers.ContentType?.MediaType);
        var problem = await badPage.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["after", "limit"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());

        var noLine = await auditor.GetAsync($"/v1/audit/invoices/{invoiceId}/lines/3/lineage");
        Assert.Equal(HttpStatusCode.NotFound, noLine.StatusCode);
        Assert.Equal($"Invoice {invoiceId} has no line 3.", (await noLine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync("/v1/audit/invoices/nobody@2026-01-01/lines/1/lineage")).StatusCode);

        var tenantClient = await services.AuditClientAsync(Roles.Tenant);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenantClient.GetAsync($"/v1/audit/invoices/{invoiceId}/lines/2/lineage")).StatusCode);
    }

    [Fact]
    public async Task A_stream_s_history_reads_as_stored_page_by_page_with_its_chain_verified_and_an_edit_breaks_it_where_it_was_made()
    {
        const string tenant = "history";
        var invoiceId = await services.FinalizedJanuaryAsync(tenant);

        var invoice = await HistoryAsync("invoicing", invoiceId);
        Assert.Equal((3L, (long?)null, true, 3), (invoice.Version, invoice.After, invoice.Chain.IsIntact, invoice.Chain.EventsIntact));
        Assert.Equal(["invoice_draft_opened", "invoice_draft_updated", "invoice_finalized"], invoice.Events.Select(e => e.Type));
        Assert.Equal([1L, 2L, 3L], invoice.Events.Select(e => e.Version));
        Assert.All(invoice.Events, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash));

        // A page in the middle chains to the event before it.
        var middle = await HistoryAsync("invoicing", invoiceId, "?after=1&limit=1");
        Assert.Equal((2L, (long?)2, true), (Assert.Single(middle.Events).Version, middle.After, middle.Chain.IsIntact));
        Assert.Equal(invoice.Events[1].Hash, middle.Events[0].Hash);

        var ledger = await HistoryAsync("metering", NodeHour(tenant, FirstHour));
        var recorded = Assert.Single(ledger.Events);
        Assert.Equal(("node_usage_recorded", true), (recorded.Type, ledger.Chain.IsIntact));
        Assert.Equal(Usage.NodeOf(tenant), ((JsonElement)recorded.Data).GetProperty("nodeId").GetString());

        var accrualStream = $"{tenant}@2026-01-01T00:00Z";
        await services.TamperAsync(
            "update pricing.mt_events set data = jsonb_set(data, '{AccruedBy}', '\"operator:mallory\"'::jsonb) where stream_id = $1 and version = 2",
            accrualStream);
        var accruals = await HistoryAsync("pricing", accrualStream);
        Assert.False(accruals.Chain.IsIntact);
        Assert.Equal((1, 2L), (accruals.Chain.EventsIntact, accruals.Chain.FirstBroken!.Version));
    }

    [Fact]
    public async Task An_unknown_store_or_bad_page_is_a_problem_naming_the_field_and_an_unknown_stream_is_404()
    {
        var auditor = await services.AuditClientAsync();

        var bad = await auditor.GetAsync("/v1/audit/streams/billing/anything?limit=5001");
        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (bad.StatusCode, bad.Content.Headers.ContentType?.MediaType));
        Assert.Equal(["limit", "store"], (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        var unknown = await auditor.GetAsync("/v1/audit/streams/pricing/nobody@2026-01-01T00:00Z");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("There is no stream nobody@2026-01-01T00:00Z in pricing's event store.",
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        var tenantClient = await services.AuditClientAsync(Roles.Tenant);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenantClient.GetAsync("/v1/audit/streams/pricing/nobody@2026-01-01T00:00Z")).StatusCode);
    }

    [Fact]
    public async Task An_auditor_reaches_the_tenants_granted_to_it_only_and_a_ledger_node_stream_takes_a_grant_of_every_tenant()
    {
        var granted = await services.FinalizedJanuaryAsync("granted");
        var other = await services.FinalizedJanuaryAsync("not-granted");
        var scoped = await services.AuditClientAsync(Roles.Auditor, "granted");
        await services.GrantTrialAsync("granted");
        await services.GrantTrialAsync("not-granted");

        string[] paths(string tenant, string invoiceId) =>
        [
            $"/v1/audit/invoices/{invoiceId}/recompute",
            $"/v1/audit/invoices/{invoiceId}/lines/{GpuTimeLine}/lineage",
            $"/v1/audit/streams/invoicing/{invoiceId}",
            $"/v1/audit/streams/invoicing/{tenant}",
            $"/v1/audit/streams/invoicing/{tenant}:credits",
            $"/v1/audit/streams/pricing/{Uri.EscapeDataString($"{tenant}@2026-01-01T00:00Z")}",
        ];
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 6), await StatusesAsync(scoped, paths("granted", granted)));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 6), await StatusesAsync(scoped, paths("not-granted", other)));

        // A node-hour of the ledger holds every tenant on the node that hour, and a rate card prices many.
        string[] shared = [$"/v1/audit/streams/metering/{Uri.EscapeDataString(NodeHour("granted", FirstHour))}", $"/v1/audit/streams/pricing/{BilledServices.RateCardId}"];
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound], await StatusesAsync(scoped, shared));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], await StatusesAsync(await services.AuditClientAsync(), shared));
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(HttpClient client, IEnumerable<string> paths)
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }

    private async Task<StreamHistory> HistoryAsync(string store, string streamKey, string query = "")
    {
        var auditor = await services.AuditClientAsync();
        var response = await auditor.GetAsync($"/v1/audit/streams/{store}/{Uri.EscapeDataString(streamKey)}{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<StreamHistory>(BilledServices.Json))!;
    }

    /// <summary>The tenant's January (see <see cref="Usage"/>): ledger stream, GPU, workload, seconds, GPU-seconds, joules.</summary>
    private static List<string> Expected(string tenant) =>
    [
        $"{NodeHour(tenant, FirstHour)} {GpuOf(tenant, 0)} job-1 [10:00:00,10:10:00) 600 s 180000 J",
        $"{NodeHour(tenant, FirstHour)} {GpuOf(tenant, 1)} job-2 [10:00:00,10:10:00) 600 s 120000 J",
        $"{NodeHour(tenant, SecondHour)} {GpuOf(tenant, 0)} job-1 [11:00:00,11:05:00) 300 s 90000 J",
        $"{NodeHour(tenant, ThirdHour)} {GpuOf(tenant, 0)} job-1 [09:00:00,09:15:00) 900 s 270000 J",
    ];

    /// <summary>One line of text per source, in ledger-stream order (accrual order follows arrival, which the test does not fix).</summary>
    private static List<string> Rows(IEnumerable<LedgerSource> sources) =>
    [
        .. sources
            .Select(s => $"{s.LedgerStream} {s.GpuUuid} {s.WorkloadId} {string.Join(" ", s.Seconds.Select(r => $"[{r.From:HH:mm:ss},{r.To:HH:mm:ss})"))} {s.GpuSeconds} s {s.EnergyJoules:0.##} J")
            .Order(StringComparer.Ordinal),
    ];

    private async Task<LineLineage> LineageAsync(string invoiceId, int line, string query = "")
    {
        var auditor = await services.AuditClientAsync();
        var response = await auditor.GetAsync($"/v1/audit/invoices/{invoiceId}/lines/{line}/lineage{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LineLineage>(BilledServices.Json))!;
    }
}
