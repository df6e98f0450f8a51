using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>
/// The tenant portal in a real browser against the real system: signing in, what the page shows
/// held against the API's own answers for the same queries, the session cookie, another tenant's
/// data out of reach, and the phone layout. Screenshots are kept under <see cref="PortalBrowser.Artefacts"/>.
/// </summary>
public class PortalTests(PortalSystem system, PortalBrowser browser) : IClassFixture<PortalSystem>, IClassFixture<PortalBrowser>
{
    private const string CookieName = "portal_session";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    private async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = system.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the page's own form, until the chart is drawn; the sign-in's answer.</summary>
    private static async Task<IResponse> SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/portal");
        await page.FillAsync("#key", key);
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#sign-in button[type=submit]"), "**/portal/session");
        await page.WaitForFunctionAsync("() => globalThis.portalUsage !== undefined && globalThis.portalIdle !== undefined");
        return answer;
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalBrowser.Artefacts, name), FullPage = true });

    [Fact]
    public async Task The_chart_and_the_invoice_are_the_apis_own_figures_and_another_tenant_gets_nothing()
    {
        var page = await NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add($"{request.Method} {request.Url} {request.PostData}");
        var errors = new List<string>();
        // A 404 the page expects (a tenant with no credit account, the probes below) is logged too; anything else is a fault, a CSP refusal included.
        page.Console += (_, message) => { if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        var opened = await page.GotoAsync("/portal");
        Assert.Equal(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            await opened!.HeaderValueAsync("content-security-policy"));
        await SignInAsync(page, PortalSystem.TenantKey);

        // The key went out once, in the sign-in's body, and the page kept nothing of it.
        Assert.Equal([$"POST {system.Address}portal/session {{\"key\":\"{PortalSystem.TenantKey}\"}}"], requests.Where(r => r.Contains(PortalSystem.TenantKey)));
        var kept = await page.EvaluateAsync<JsonElement>(
            "() => [localStorage.length, sessionStorage.length, document.cookie, document.getElementById('key').value, location.href].map(String)");
        Assert.Equal(["0", "0", "", "", $"{system.Address}portal/"], kept.EnumerateArray().Select(v => v.GetString()));

        // The chart's own series against the API's buckets for the query the page made.
        var chart = await page.EvaluateAsync<JsonElement>("""
            () => { const { chart, query } = globalThis.portalUsage;
                    return { query, labels: chart.data.labels, datasets: chart.data.datasets.map(d => ({ label: d.label, data: d.data, texts: d.texts })) }; }
            """);
        var query = chart.GetProperty("query").GetString()!;
        using var tenantApi = system.Client(PortalSystem.TenantKey);
        var report = await tenantApi.GetFromJsonAsync<JsonElement>(query);
        Assert.Equal(PortalSystem.Zone, report.GetProperty("timeZone").GetString());
        var buckets = report.GetProperty("buckets").EnumerateArray()
            .Select(b => (Label: HourLabel(b.GetProperty("start").GetString()!), Model: b.GetProperty("gpuModel").GetString()!, Hours: b.GetProperty("gpuHours").GetString()!,
                Seconds: b.GetProperty("gpuSeconds").GetInt64()))
            .ToList();
        // The API's buckets hold every second the fleet ran for the tenant, by the model of its node.
        Assert.Equal(
            system.ExpectedGpuSecondsByModel().OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)),
            buckets.GroupBy(b => b.Model).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(b => b.Seconds))));
        var labels = chart.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal(buckets.Select(b => b.Label).Distinct(), labels);
        var drawn = chart.GetProperty("datasets").EnumerateArray()
            .SelectMany(d => labels.Select((label, i) => (Label: label, Model: d.GetProperty("label").GetString()!,
                Text: d.GetProperty("texts")[i].GetString(), Value: d.GetProperty("data")[i])))
            .Where(p => p.Text is not null)
            .ToList();
        Assert.Equal(buckets.OrderBy(b => b.Label).ThenBy(b => b.Model, StringComparer.Ordinal).Select(b => (b.Label, b.Model, (string?)b.Hours)),
            drawn.OrderBy(p => p.Label).ThenBy(p => p.Model, StringComparer.Ordinal).Select(p => (p.Label, p.Model, p.Text)));
        Assert.All(drawn, p => Assert.Equal(double.Parse(p.Text!, CultureInfo.InvariantCulture), p.Value.GetDouble()));

        // The current invoice's lines and totals as the API writes them, character for character.
        var invoice = await tenantApi.GetFromJsonAsync<JsonElement>("/v1/invoices/current");
        var currency = invoice.GetProperty("currency").GetString();
        Assert.Equal(
            invoice.GetProperty("lines").EnumerateArray().Select(l => new[]
            {
                l.GetProperty("description").GetString(), $"{l.GetProperty("quantity").GetString()} {l.GetProperty("unit").GetString()}",
                $"{l.GetProperty("amount").GetString()} {currency}",
            }),
            await TableAsync(page, "#current-lines tbody tr"));
        Assert.Equal(
            new[] { "subtotal", "tax", "total" }.Select(t => $"{invoice.GetProperty(t).GetString()} {currency}"),
            (await TableAsync(page, "#current-lines tfoot tr")).Select(row => row[2]));
        Assert.Equal($"{invoice.GetProperty("total").GetString()} {currency}", await page.TextContentAsync("#running-cost"));

        // Every invoice of the tenant, each with its downloads, which are the API's own documents.
        var listed = (await tenantApi.GetFromJsonAsync<JsonElement>("/v1/invoices?limit=50")).GetProperty("invoices").EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()!).ToList();
        var links = await page.EvalOnSelectorAllAsync<string[]>("#invoice-list a", "links => links.map(a => a.getAttribute('href'))");
        Assert.Equal(listed.SelectMany(id => new[] { "html", "csv" }.Select(f => $"/v1/invoices/{Uri.EscapeDataString(id)}/download?format={f}")), links);
        var csv = await page.Context.APIRequest.GetAsync(links[1]);
        Assert.Equal(await tenantApi.GetStringAsync(links[1]), await csv.TextAsync());

        // Nothing the page sent named the other tenant, and the other tenant's ids answer nothing to this session.
        Assert.DoesNotContain(requests, r => r.Contains(PortalSystem.OtherTenant, StringComparison.Ordinal));
        var other = Uri.EscapeDataString(system.OtherInvoiceId);
        string[] probes =
        [
            $"/v1/invoices/{other}", $"/v1/invoices/{other}/download?format=csv", $"/v1/invoices?tenantId={PortalSystem.OtherTenant}",
            $"/v1/invoices/current?tenantId={PortalSystem.OtherTenant}", $"/v1/usage?tenantId={PortalSystem.OtherTenant}",
            $"/v1/billing-accounts/{PortalSystem.OtherTenant}", $"/v1/standing/{PortalSystem.OtherTenant}", $"/v1/credits/{PortalSystem.OtherTenant}",
        ];
        var statuses = await page.EvaluateAsync<int[]>("paths => Promise.all(paths.map(p => fetch(p).then(r => r.status)))", probes);
        Assert.Equal(probes.Select(p => (p, 404)), probes.Zip(statuses));

        await ScreenshotAsync(page, "desktop.png");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Credit notes, idle GPUs and webhook deliveries as the page shows them are the API's answers to
    /// the page's own queries, cell for cell, hold what the fixture made (its credit notes, the GPUs
    /// that read 0 %, one delivery per event), and nothing of the other tenant's.
    /// </summary>
    [Fact]
    public async Task Credit_notes_idle_gpus_and_webhook_deliveries_are_the_apis_own_and_the_tenants_alone()
    {
        var page = await NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add($"{request.Method} {request.Url}");
        await SignInAsync(page, PortalSystem.TenantKey);
        using var tenantApi = system.Client(PortalSystem.TenantKey);

        // Credit notes: the tenant's own, each giving back what the fixture asked of its line, as the API lists them.
        var notes = (await tenantApi.GetFromJsonAsync<JsonElement>("/v1/credit-notes?limit=50")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            PortalSystem.CreditNotes.Where(c => c.Tenant == PortalSystem.Tenant).Select(c => (c.Line, c.Amount)),
            notes.Select(n => n.GetProperty("note").GetProperty("lines").EnumerateArray().Single())
                .Select(l => (l.GetProperty("lineNumber").GetInt32(), decimal.Parse(l.GetProperty("amount").GetString()!, CultureInfo.InvariantCulture))));
        Assert.Equal(
            notes.Select(n => new[]
            {
                n.GetProperty("id").GetString(), n.GetProperty("invoiceNumber").GetString(), n.GetProperty("note").GetProperty("issueDate").GetString(),
                n.GetProperty("note").GetProperty("reason").GetString(),
                $"{n.GetProperty("note").GetProperty("total").GetString()} {n.GetProperty("note").GetProperty("currency").GetString()}", "JSON Invoice",
            }),
            await TableAsync(page, "#credit-note-list tbody tr"));
        var noteLinks = await page.EvalOnSelectorAllAsync<string[]>("#credit-note-list a", "links => links.map(a => a.getAttribute('href'))");
        Assert.Equal(
            notes.SelectMany(n => new[]
            {
                $"/v1/credit-notes/{Uri.EscapeDataString(n.GetProperty("id").GetString()!)}",
                $"/v1/invoices/{Uri.EscapeDataString(n.GetProperty("invoiceId").GetString()!)}/download?format=html",
            }),
            noteLinks);
        Assert.Equal(await tenantApi.GetStringAsync(noteLinks[0]), await (await page.Context.APIRequest.GetAsync(noteLinks[0])).TextAsync());

        // Idle GPUs: the API's rows for the page's query, and among them every GPU of the tenant's that read 0 %, idle all its seconds.
        var idleQuery = await page.EvaluateAsync<string>("() => globalThis.portalIdle.query");
        var idle = await tenantApi.GetFromJsonAsync<JsonElement>(idleQuery);
        var idleRows = idle.GetProperty("groups").EnumerateArray().ToList();
        var idleSeconds = idleRows.ToDictionary(r => r.GetProperty("gpuUuid").GetString()!, r => r.GetProperty("allocatedIdleGpuSeconds").GetInt64());
        Assert.All(system.IdleGpusOf(PortalSystem.Tenant), gpu => Assert.Equal((gpu, (long)PortalSystem.Seconds), (gpu, idleSeconds.GetValueOrDefault(gpu))));
        var tenantGpus = system.Fleet.Allocations.Where(a => a.Tenant == PortalSystem.Tenant).SelectMany(a => a.Gpus.Select(g => SimulatedFleet.GpuUuid(a.Node, g)));
        Assert.Subset(tenantGpus.ToHashSet(), idleSeconds.Keys.ToHashSet());
        Assert.All(idleRows, r => Assert.False(r.TryGetProperty("wastedCost", out _), "a tenant's idle GPUs carry no cost"));
        Assert.Equal(
            idleRows.Select(r => new[]
            {
                r.GetProperty("gpuUuid").GetString(), r.GetProperty("model").GetString(), r.GetProperty("nodeId").GetString(),
                Text(r.GetProperty("allocatedIdleGpuSeconds")), Text(r.GetProperty("idleShareOfAllocated")),
            }),
            await TableAsync(page, "#idle-gpus tbody tr"));
        Assert.Equal($"GPUs you held that averaged below {Text(idle.GetProperty("idleBelowPercent"))} % utilization this billing period.", await page.TextContentAsync("#idle-level"));

        // Webhooks: the tenant's subscription, and its newest deliveries (one per event the fixture made, each delivered), never a secret.
        var subscription = Assert.Single((await tenantApi.GetFromJsonAsync<JsonElement>("/v1/webhooks/subscriptions")).EnumerateArray());
        var subscriptionId = subscription.GetProperty("id").GetString()!;
        var deliveries = (await tenantApi.GetFromJsonAsync<JsonElement>($"/v1/webhooks/subscriptions/{subscriptionId}/deliveries")).EnumerateArray().ToList();
        Assert.Equal(
            new[] { "invoice.finalized" }.Concat(PortalSystem.CreditNotes.Where(c => c.Tenant == PortalSystem.Tenant).Select(_ => "credit_note.issued")).Order(),
            deliveries.Select(d => d.GetProperty("eventType").GetString()!).Order());
        Assert.Equal([subscriptionId], await page.EvalOnSelectorAllAsync<string[]>("#webhook-list article", "all => all.map(a => a.dataset.id)"));
        Assert.Equal(
            new[] { subscription.GetProperty("url").GetString()!, $"{string.Join(", ", PortalSystem.WebhookEvents)}; enabled" },
            await page.EvalOnSelectorAllAsync<string[]>("#webhook-list article > p", "all => all.map(p => p.textContent)"));
        Assert.Equal(
            deliveries.Take(10).Select(d =>
            {
                var last = d.GetProperty("attempts").EnumerateArray().Last();
                return new[] { d.GetProperty("eventType").GetString(), d.GetProperty("state").GetString(), $"{d.GetProperty("attempts").GetArrayLength()}", $"{last.GetProperty("at").GetString()} {Text(last.GetProperty("status"))}" };
            }),
            await TableAsync(page, "#webhook-list table.deliveries tbody tr"));
        var html = await page.ContentAsync();
        Assert.DoesNotContain("whsec_", html, StringComparison.Ordinal);

        // Nothing of the other tenant's: not asked for, not shown, and its ids answer nothing to this session.
        Assert.DoesNotContain(requests, r => r.Contains(PortalSystem.OtherTenant, StringComparison.Ordinal));
        Assert.All([system.OtherCreditNote, system.OtherSubscriptionId, PortalSystem.IdleGpus.Except(tenantGpus).Single()],
            other => Assert.DoesNotContain(other, html, StringComparison.Ordinal));
        string[] probes =
        [
            $"/v1/credit-notes/{Uri.EscapeDataString(system.OtherCreditNote)}", $"/v1/credit-notes?tenantId={PortalSystem.OtherTenant}",
            $"/v1/fleet/tenants/{PortalSystem.OtherTenant}/idle-gpus?{idleQuery.Split('?')[1]}", $"/v1/webhooks/subscriptions?tenantId={PortalSystem.OtherTenant}",
            $"/v1/webhooks/subscriptions/{system.OtherSubscriptionId}", $"/v1/webhooks/subscriptions/{system.OtherSubscriptionId}/deliveries",
        ];
        var statuses = await page.EvaluateAsync<int[]>("paths => Promise.all(paths.map(p => fetch(p).then(r => r.status)))", probes);
        Assert.Equal(probes.Select(p => (p, 404)), probes.Zip(statuses));

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_same_site_strict_and_ends_for_good_at_sign_out()
    {
        var page = await NewPageAsync();
        var signedInAt = DateTimeOffset.UtcNow;
        var answer = await SignInAsync(page, PortalSystem.TenantKey);

        var setCookie = (await answer.HeaderValueAsync("set-cookie"))!.Split("; ");
        var token = setCookie[0][(CookieName.Length + 1)..];
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        var expires = DateTimeOffset.Parse(setCookie[1]["expires=".Length..], CultureInfo.InvariantCulture);
        Assert.InRange(expires, signedInAt + SessionLifetime - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow + SessionLifetime);
        Assert.Equal([$"{CookieName}={token}", $"expires={expires:R}", "max-age=28800", "path=/", "samesite=strict", "httponly"], setCookie);

        // As the browser keeps it: Secure only over TLS, which this gateway does not serve. Chromium dates it from Max-Age on its own clock.
        var cookie = Assert.Single(await page.Context.CookiesAsync());
        Assert.Equal(
            (CookieName, token, system.Address.Host, "/", true, false, SameSiteAttribute.Strict),
            (cookie.Name, cookie.Value, cookie.Domain, cookie.Path, cookie.HttpOnly, cookie.Secure, cookie.SameSite));
        Assert.InRange(cookie.Expires, expires.ToUnixTimeSeconds() - 60, expires.ToUnixTimeSeconds() + 60);

        // The session is the key's, nothing more: a service behind sees the tenant, and the cookie never reaches it.
        using var withCookie = system.Client(null);
        withCookie.DefaultRequestHeaders.Add("Cookie", $"{CookieName}={token}");
        var me = await withCookie.GetFromJsonAsync<JsonElement>("/v1/me");
        Assert.Equal((PortalSystem.Tenant, "tenant"), (me.GetProperty("principalId").GetString(), me.GetProperty("role").GetString()));

        await page.ClickAsync("#sign-out");
        await page.WaitForSelectorAsync("#sign-in:not([hidden])");
        Assert.Empty(await page.Context.CookiesAsync());
        // Ended where it is kept: a copy of the cookie taken before signing out opens nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await withCookie.GetAsync("/v1/me")).StatusCode);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Revoking_the_key_ends_its_sessions_at_once()
    {
        var (key, id) = await NewTenantKeyAsync();
        using var session = await SessionAsync(key);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/v1/me")).StatusCode);

        using var operatorApi = system.Client(SimulatedFleet.OperatorKey);
        (await operatorApi.DeleteAsync($"/v1/keys/{id}")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Only_a_tenants_known_key_signs_in()
    {
        using var anonymous = system.Client(null);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.PostAsJsonAsync("/portal/session", new { key = SimulatedFleet.OperatorKey })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/portal/session", new { key = "not-a-key" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync("/portal/session", new { key = "" })).StatusCode);
    }

    /// <summary>
    /// A session's calls spend its key's bucket: with a key signed in twice, and calls taking turns
    /// between both sessions and the key itself, every call (the sign-ins too) counts against the one
    /// bucket, so calls pass up to its burst plus what it refills meanwhile (one a second here), not a
    /// burst for each session. Were each session a bucket of its own, three times the burst would pass.
    /// </summary>
    [Fact]
    public async Task A_keys_limit_holds_across_two_sessions_of_the_key()
    {
        var (key, _) = await NewTenantKeyAsync();
        var clock = Stopwatch.StartNew();
        using var first = await SessionAsync(key);
        using var second = await SessionAsync(key);
        using var withKey = system.Client(key);
        HttpClient[] callers = [first, second, withKey];

        var passed = 2;
        HttpResponseMessage refused;
        while (true)
        {
            var response = await callers[passed % callers.Length].GetAsync("/v1/me");
            if (response.StatusCode != HttpStatusCode.OK || passed > 4 * PortalSystem.Burst)
            {
                refused = response;
                break;
            }
            response.Dispose();
            passed++;
        }
        // The bucket tops up on a timer, so one more may come in than whole periods passed.
        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds * PortalSystem.PermitsPerMinute / 60) + 1;

        using (refused)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("Too many requests for this API key.", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }
        Assert.InRange(passed, PortalSystem.Burst, PortalSystem.Burst + refilled);
    }

    /// <summary>A tenant key of this test's own, so the buckets the tests spend are their own: the key and its id.</summary>
    private async Task<(string Key, string Id)> NewTenantKeyAsync()
    {
        using var operatorApi = system.Client(SimulatedFleet.OperatorKey);
        using var issued = await operatorApi.PostAsJsonAsync("/v1/keys", new { principalId = PortalSystem.Tenant, role = "tenant" });
        issued.EnsureSuccessStatusCode();
        var created = await issued.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("key").GetString()!, created.GetProperty("details").GetProperty("id").GetString()!);
    }

    /// <summary>A client that sends a new portal session's cookie, opened with <paramref name="key"/>.</summary>
    private async Task<HttpClient> SessionAsync(string key)
    {
        using var anonymous = system.Client(null);
        using var signIn = await anonymous.PostAsJsonAsync("/portal/session", new { key });
        signIn.EnsureSuccessStatusCode();
        var session = system.Client(null);
        session.DefaultRequestHeaders.Add("Cookie", signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        return session;
    }

    /// <summary>Fleet and webhooks are services of their own: where one does not answer (a 503 from the gateway, here made by the browser), its section says so and the rest of the page stands.</summary>
    [Fact]
    public async Task A_service_that_does_not_answer_costs_only_its_own_section()
    {
        var page = await NewPageAsync();
        foreach (var away in new[] { "**/v1/fleet/**", "**/v1/webhooks/**" })
            await page.RouteAsync(away, route => route.FulfillAsync(new RouteFulfillOptions { Status = 503 }));
        await page.GotoAsync("/portal");
        await page.FillAsync("#key", PortalSystem.TenantKey);
        await page.ClickAsync("#sign-in button[type=submit]");
        await page.WaitForFunctionAsync("() => globalThis.portalUsage !== undefined && document.getElementById('idle-error').textContent !== ''");

        Assert.StartsWith("Not available now: /v1/fleet/tenants/tenant-a/idle-gpus?", await page.TextContentAsync("#idle-error"));
        Assert.Equal("Not available now: /v1/webhooks/subscriptions: 503", await page.TextContentAsync("#webhooks-error"));
        Assert.Equal("", await page.TextContentAsync("#error"));
        Assert.NotEmpty(await TableAsync(page, "#current-lines tbody tr"));
        Assert.NotEmpty(await TableAsync(page, "#credit-note-list tbody tr"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_nothing_scrolls_sideways()
    {
        var page = await NewPageAsync(390, 844);
        await SignInAsync(page, PortalSystem.TenantKey);
        Assert.InRange(await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth"), 0, 390);
        await ScreenshotAsync(page, "phone.png");
        await page.Context.CloseAsync();
    }

    /// <summary>A JSON value as the page shows it: a string as sent, a number as written, null as a dash.</summary>
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "—",
        _ => value.GetRawText(),
    };

    /// <summary>A bucket's start as the page labels an hour: its local date and time as the API wrote them.</summary>
    private static string HourLabel(string start) => $"{start[..10]} {start[11..16]}";

    private static async Task<string[][]> TableAsync(IPage page, string rows) =>
        await page.EvalOnSelectorAllAsync<string[][]>(rows, "rows => rows.map(r => [...r.cells].map(c => c.textContent))");
}
