using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.ServiceDefaults;
using GpuBilling.Testing;
using Invoicing.Standing;
using Metering.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Service;

public sealed class StandingsService() : InvoicingService("invoicing_standing_tests", At("2025-03-10T12:00:00Z"));

/// <summary>
/// A tenant's standing on the real store and broker: ratings and estimates move it, credit lifts
/// it, each change of status is one webhook, and a scheduler's key reads it and nothing else.
/// </summary>
public class StandingServiceTests(StandingsService service) : IClassFixture<StandingsService>
{
    private static readonly DateTimeOffset Through = At("2025-03-10T11:59:30Z");

    [Fact]
    public async Task Ratings_and_estimates_move_a_prepaid_standing_to_low_and_depleted_a_top_up_lifts_it_and_each_change_is_one_webhook()
    {
        const string tenant = "st-prepaid";
        var operatorClient = await OpenAsync(tenant);
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants",
            new { source = "trial", amount = "50.00", reason = "try before the training run" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/top-ups", new { amount = "100.00", receipt = "R-st-1" })).StatusCode);
        var tenantClient = await service.ClientForAsync(tenant, Roles.Tenant);
        var set = await tenantClient.PutAsJsonAsync($"/v1/standing/{tenant}/thresholds", new { lowBalance = "90.00", spendLimit = "1000.00" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(("ok", "150.00", "90.00"), Fields(await set.ReadAsync<JsonElement>(), "status", "balance", "lowBalance"));

        // 20 H100 hours, 49.80: drawn from the trial, 100.20 left.
        await service.PublishAsync(Rated(tenant, March, 3, 72_000, H100(20m)));
        await service.DrainedAsync();
        Assert.Equal(("ok", "100.20", "49.80"), Fields(await StandingAsync(tenantClient, tenant), "status", "balance", "periodCharges"));

        // The estimate counts 12.34 less two cents: 62.12 in all; the trial discounts 50.00, 12.12 + 8.875 % tax (1.08) is paid from the purchase.
        var estimate = Estimate(tenant, 3, 12.345m, 9.96m);
        await service.PublishAsync(estimate);
        await service.DrainedAsync();
        var low = await StandingAsync(tenantClient, tenant);
        var left = 100.00m - (12.12m + Math.Round(12.12m * 0.08875m, 2, MidpointRounding.ToEven));
        Assert.Equal(("low", "86.80", "0.00", "86.80", "62.12", "9.96"), (Text(low, "status"), Text(low, "balance"), Text(low, "promotional"),
            Text(low, "purchased"), Text(low, "periodCharges"), Text(low, "burnRatePerHour")));
        Assert.Equal(86.80m, left);
        Assert.Equal(Through.AddSeconds((double)Math.Floor(left * 3600m / (9.96m * 1.08875m))), low.GetProperty("projectedDepletion").GetDateTimeOffset());
        Assert.Equal((Through, 3L, 3L), (low.GetProperty("usageThrough").GetDateTimeOffset(), low.GetProperty("ratingVersion").GetInt64(), low.GetProperty("estimateVersion").GetInt64()));

        // The same estimate again changes nothing; 60 hours rated (149.40) spend the rest: 50.00 + 99.40 taxed 108.22 > 100.00.
        await service.PublishAsync(estimate);
        await service.DrainedAsync();
        await service.PublishAsync(Rated(tenant, March, 4, 216_000, H100(60m)));
        await service.DrainedAsync();
        var depleted = await StandingAsync(tenantClient, tenant);
        Assert.Equal(("depleted", "0.00", "149.40"), Fields(depleted, "status", "balance", "periodCharges"));
        Assert.Equal(JsonValueKind.Null, depleted.GetProperty("estimateVersion").ValueKind);

        // 50.00 more bought: 8.22 of it pays the rest of 108.22, 41.78 is left, still below 90.00.
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/top-ups", new { amount = "50.00", receipt = "R-st-2" })).StatusCode);
        Assert.Equal(("low", "41.78"), Fields(await StandingAsync(tenantClient, tenant), "status", "balance"));

        var webhooks = await WebhooksAsync(tenant, 3);
        // The broker may hand them over in any order; each change is there once.
        (string, string?, string?, string?, string?)[] expected =
        [
            (PartnerEventTypes.CreditsLow, "low", "ok", "86.80", $"estimate on rating 3 through {Through:O}"),
            (PartnerEventTypes.CreditsDepleted, "depleted", "low", "0.00", $"rating {tenant}@2025-03-01T05:00Z v4"),
            (PartnerEventTypes.CreditsLow, "low", "depleted", "41.78", "grant G3 by operator:alice@finance"),
        ];
        Assert.Equal(expected.Order(), webhooks.Select(w => (w.Type, Data(w, "status"), Data(w, "previousStatus"), Data(w, "balance"), Data(w, "cause"))).Order());
        Assert.Equal(3, webhooks.Select(w => w.EventId).Distinct().Count());
    }

    [Fact]
    public async Task A_postpaid_tenant_shows_no_balance_and_its_spend_limit_counts_the_estimate_before_tax()
    {
        const string tenant = "st-postpaid";
        var operatorClient = await OpenAsync(tenant);
        var refused = await operatorClient.PutAsJsonAsync($"/v1/standing/{tenant}/thresholds", new { lowBalance = "10.005", lowHours = "0", spendLimit = "-1" });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "application/problem+json"), (refused.StatusCode, refused.Content.Headers.ContentType?.MediaType));
        Assert.Equal(["LowBalance", "LowHours", "SpendLimit"], (await refused.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PutAsJsonAsync($"/v1/standing/{tenant}/thresholds", new { spendLimit = "50.00" })).StatusCode);

        await service.PublishAsync(Rated(tenant, March, 1, 72_000, H100(20m)));
        await service.DrainedAsync();
        var ok = await StandingAsync(operatorClient, tenant);
        Assert.Equal(("ok", "49.80", "50.00"), Fields(ok, "status", "periodCharges", "spendLimit"));
        Assert.Equal(JsonValueKind.Null, ok.GetProperty("balance").ValueKind);

        // 1.005 estimated counts 1.00 less two cents: 50.78 reaches the limit.
        await service.PublishAsync(Estimate(tenant, 1, 1.005m, 9.96m));
        await service.DrainedAsync();
        Assert.Equal(("over-limit", (49.80m + 0.98m).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Fields(await StandingAsync(operatorClient, tenant), "status", "periodCharges"));
        var reached = Assert.Single(await WebhooksAsync(tenant, 1));
        Assert.Equal((PartnerEventTypes.SpendLimitReached, "over-limit", "50.78", "USD"), (reached.Type, Data(reached, "status"), Data(reached, "periodCharges"), Data(reached, "currency")));
        Assert.False(JsonDocument.Parse(reached.Data).RootElement.TryGetProperty("balance", out _));
    }

    [Fact]
    public async Task A_scheduler_key_reads_every_standing_and_the_tenants_not_ok_a_page_at_a_time_and_nothing_else()
    {
        var operatorClient = await OpenAsync("st-sched-a");
        await OpenAsync("st-sched-b");
        await OpenAsync("st-sched-c");
        foreach (var tenant in new[] { "st-sched-a", "st-sched-c" })
            Assert.Equal(HttpStatusCode.OK, (await operatorClient.PutAsJsonAsync($"/v1/standing/{tenant}/thresholds", new { spendLimit = "0.01" })).StatusCode);
        foreach (var tenant in new[] { "st-sched-a", "st-sched-b", "st-sched-c" })
            await service.PublishAsync(Rated(tenant, March, 1, 3_600, H100(1m)));
        await service.DrainedAsync();

        var scheduler = await service.ClientForAsync("scheduler-eu", Roles.Scheduler);
        Assert.Equal("over-limit", Text(await StandingAsync(scheduler, "st-sched-a"), "status"));
        Assert.Equal("ok", Text(await StandingAsync(scheduler, "st-sched-b"), "status"));
        var first = await (await scheduler.GetAsync("/v1/standing?limit=1")).ReadAsync<JsonElement>();
        var page = first;
        var listed = new List<string>();
        while (true)
        {
            listed.AddRange(page.GetProperty("standings").EnumerateArray().Select(s => s.GetProperty("tenantId").GetString()!));
            if (page.GetProperty("next").GetString() is not { } next) break;
            page = await (await scheduler.GetAsync($"/v1/standing?limit=1&cursor={next}")).ReadAsync<JsonElement>();
        }
        Assert.Equal(["st-sched-a", "st-sched-c"], listed.Where(t => t.StartsWith("st-sched-", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Forbidden, (await scheduler.GetAsync("/v1/invoices/st-sched-a@2025-03-01")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scheduler.GetAsync("/v1/credits/st-sched-a")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scheduler.PutAsJsonAsync("/v1/standing/st-sched-a/thresholds", new { spendLimit = "99.00" })).StatusCode);
        var own = await service.ClientForAsync("st-sched-b", Roles.Tenant);
        Assert.Empty((await (await own.GetAsync("/v1/standing")).ReadAsync<JsonElement>()).GetProperty("standings").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await own.GetAsync("/v1/standing/st-sched-a")).StatusCode);
    }

    [Fact]
    public async Task A_review_under_way_makes_a_top_up_wait_so_the_figures_it_read_before_never_replace_the_top_ups()
    {
        const string tenant = "st-turns";
        var operatorClient = await OpenAsync(tenant);
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants",
            new { source = "trial", amount = "100.00", reason = "trial" })).StatusCode);

        // A review as the periodic sweep makes one, which changes no status: it has read 100.00 and not committed yet.
        Task<HttpResponseMessage> topUp;
        await using (var review = await service.Services.GetRequiredService<WriteTransactions>().BeginAsync(CancellationToken.None))
        {
            var read = await StandingReview.ReviewAsync(review, tenant, new StandingCause("a slow review", service.Clock.GetUtcNow(), StandingSweep.Standing), CancellationToken.None);
            Assert.Equal(("ok", 100.00m), (read!.Status, read.Balance));

            topUp = operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/top-ups", new { amount = "50.00", receipt = "R-st-turns" });
            await Eventually.AssertAsync(async () => Assert.True(await WaitsForAsync(review.Transaction.Connection!.ProcessID)));
            await review.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(HttpStatusCode.Created, (await topUp).StatusCode);
        Assert.Equal(("ok", "150.00", "50.00"), Fields(await StandingAsync(operatorClient, tenant), "status", "balance", "purchased"));
    }

    [Fact]
    public async Task A_grant_is_noticed_once_before_it_expires_and_its_write_off_is_told_and_depletes_the_tenant()
    {
        const string tenant = "st-expiring";
        var operatorClient = await OpenAsync(tenant);
        var expiresAt = service.Clock.GetUtcNow().AddDays(2);
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants",
            new { source = "trial", amount = "30.00", expiresAt, reason = "trial" })).StatusCode);

        // Within the 3 days' notice at once; the sweep comes by every 200 ms and tells it once.
        var expiring = Assert.Single(await WebhooksAsync(tenant, 1));
        Assert.Equal((PartnerEventTypes.CreditsExpiring, "G1", "30.00"), (expiring.Type, Data(expiring, "grantId"), Data(expiring, "unused")));
        Assert.Equal(expiresAt, JsonDocument.Parse(expiring.Data).RootElement.GetProperty("expiresAt").GetDateTimeOffset());

        service.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromSeconds(1));
        var told = await WebhooksAsync(tenant, 3);
        Assert.Equal(
            [(PartnerEventTypes.CreditsDepleted, "0.00", "expired credit written off"), (PartnerEventTypes.CreditsExpired, "30.00", null), (PartnerEventTypes.CreditsExpiring, null, null)],
            told.Select(w => (w.Type, Data(w, w.Type == PartnerEventTypes.CreditsExpired ? "amount" : "balance"), Data(w, "cause"))).Order());
        Assert.Equal(("depleted", "0.00"), Fields(await StandingAsync(operatorClient, tenant), "status", "balance"));
    }

    private static ChargesEstimated Estimate(string tenant, long totalsVersion, decimal unsealed, decimal burnPerHour) => new()
    {
        TenantId = tenant,
        PeriodStart = March.Start,
        PeriodEnd = March.End,
        CurrencyCode = "USD",
        TotalsVersion = totalsVersion,
        UnsealedCharges = unsealed,
        UnsealedGpuSeconds = 1_800,
        UsageThrough = Through,
        BurnRatePerHour = burnPerHour,
        EstimatedAt = At("2025-03-10T11:59:45Z"),
    };

    private async Task<IReadOnlyList<PartnerEvent>> WebhooksAsync(string tenant, int count)
    {
        IReadOnlyList<PartnerEvent> events = [];
        await Eventually.AssertAsync(() =>
        {
            events = [.. service.PartnerEvents.Where(e => e.TenantId == tenant)];
            Assert.Equal(count, events.Count);
        });
        return events;
    }

    /// <summary>Whether a backend of the service waits for a lock the given backend holds.</summary>
    private async Task<bool> WaitsForAsync(int holder)
    {
        await using var command = service.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand("select exists (select from pg_stat_activity where $1 = any(pg_blocking_pids(pid)))");
        command.Parameters.AddWithValue(holder);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<JsonElement> StandingAsync(HttpClient client, string tenant)
    {
        var response = await client.GetAsync($"/v1/standing/{tenant}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<JsonElement>();
    }

    private async Task<HttpClient> OpenAsync(string tenant)
    {
        var operatorClient = await service.OperatorAsync();
        Assert.Equal(HttpStatusCode.Created,
            (await operatorClient.PutAsJsonAsync($"/v1/billing-accounts/{tenant}", Account(tenant: tenant, issuer: $"{tenant}-issuer"))).StatusCode);
        return operatorClient;
    }

    private static string? Data(PartnerEvent e, string property) =>
        JsonDocument.Parse(e.Data).RootElement.TryGetProperty(property, out var value) ? value.GetString() : null;

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static (string, string, string) Fields(JsonElement element, string a, string b, string c) => (Text(element, a), Text(element, b), Text(element, c));

    private static (string, string) Fields(JsonElement element, string a, string b) => (Text(element, a), Text(element, b));
}
