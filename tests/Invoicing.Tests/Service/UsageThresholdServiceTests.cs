using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.Testing;
using Invoicing.Thresholds;
using Marten;
using Metering.Contracts;
using Microsoft.Extensions.DependencyInjection;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Service;

/// <summary>On 20 March 2025, in the tenants' March period.</summary>
public sealed class ThresholdsService() : InvoicingService("invoicing_threshold_tests", At("2025-03-20T12:00:00Z"));

public class UsageThresholdServiceTests(ThresholdsService service) : IClassFixture<ThresholdsService>
{
    [Fact]
    public async Task A_tenant_sets_usage_thresholds_and_its_partners_are_told_once_of_each_level_a_rating_crosses()
    {
        const string tenant = "threshold-tenant";
        var tenantClient = await OpenAsync(tenant);
        var set = await tenantClient.PutAsJsonAsync($"/v1/usage-thresholds/{tenant}", new { gpuHours = new[] { 2m, 1m }, spend = new[] { 4.00m } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var levels = await set.ReadAsync<UsageThresholdsView>();
        Assert.Equal(["1", "2"], Texts(levels.GpuHours));
        Assert.Equal(["4.00"], Texts(levels.Spend));
        Assert.Equal("USD", levels.Currency);
        var asText = await tenantClient.PutAsync($"/v1/usage-thresholds/{tenant}", Json("""{"gpuHours":["2.0",1],"spend":["4.00"]}"""));
        Assert.Equal(HttpStatusCode.OK, asText.StatusCode);
        Assert.Equal("""{"tenantId":"threshold-tenant","gpuHours":["1","2.0"],"spend":["4.00"],"currency":"USD"}""",
            HttpJson.Compact(await (await tenantClient.GetAsync($"/v1/usage-thresholds/{tenant}")).Content.ReadAsStringAsync()));

        // One at a time: a newer rating overtaking an older one would cross every level at its own figure.
        await service.PublishAsync(Rated(tenant, March, 1, 5_400, H100(1.5m)));
        await service.DrainedAsync();
        await service.PublishAsync(Rated(tenant, March, 2, 7_200, H100(2m)));
        await service.DrainedAsync();
        await service.PublishAsync(Rated(tenant, March, 2, 7_200, H100(2m)));
        await service.DrainedAsync();

        // 1.5 GPU-hours, then 2 at 2.49: 4.98 spent.
        Assert.Equal(
            [("gpu-hours", "1", "1.5"), ("gpu-hours", "2.0", "2"), ("spend", "4.00", "4.98")],
            (await ToldAsync(tenant, 3)).Select(t => (t.Meter, t.Threshold, t.Value)).Order());

        var stranger = await service.ClientForAsync("someone-else", Roles.Tenant);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/v1/usage-thresholds/{tenant}")).StatusCode);
        var bad = await tenantClient.PutAsJsonAsync($"/v1/usage-thresholds/{tenant}", new { gpuHours = new[] { -1m, 3m, 3.0m } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(["GpuHours", "GpuHours[0]"], (await bad.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        var notANumber = await tenantClient.PutAsync($"/v1/usage-thresholds/{tenant}", Json("""{"spend":["4.00","lots"]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Equal(["spend[1]"], (await notANumber.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task A_null_body_is_refused_as_malformed_and_clears_no_level()
    {
        const string tenant = "null-body-tenant";
        var tenantClient = await OpenAsync(tenant);
        Assert.Equal(HttpStatusCode.OK, (await tenantClient.PutAsync($"/v1/usage-thresholds/{tenant}", Json("""{"gpuHours":["5.0"]}"""))).StatusCode);

        var refused = await tenantClient.PutAsync($"/v1/usage-thresholds/{tenant}", Json("null"));

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (refused.StatusCode, refused.Content.Headers.ContentType?.MediaType));
        var problem = await refused.ReadAsync<JsonElement>();
        Assert.Equal(("The request is malformed.", 400), (problem.GetProperty("title").GetString(), problem.GetProperty("status").GetInt32()));
        Assert.Equal("""{"tenantId":"null-body-tenant","gpuHours":["5.0"],"spend":[],"currency":"USD"}""",
            HttpJson.Compact(await (await tenantClient.GetAsync($"/v1/usage-thresholds/{tenant}")).Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_level_set_below_what_the_period_has_reached_is_told_at_once_and_never_again()
    {
        const string tenant = "late-levels-tenant";
        var tenantClient = await OpenAsync(tenant);
        // 1.5 GPU-hours at 2.49: 3.735 spent, before any level is set.
        await service.PublishAsync(Rated(tenant, March, 1, 5_400, H100(1.5m)));
        await service.DrainedAsync();

        var set = await tenantClient.PutAsync($"/v1/usage-thresholds/{tenant}", Json("""{"gpuHours":["1.00","2"],"spend":["3.50"]}"""));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal([("gpu-hours", "1.00", "1.5"), ("spend", "3.50", "3.735")], (await ToldAsync(tenant, 2)).Select(t => (t.Meter, t.Threshold, t.Value)).Order());

        // The same levels again, and one more not reached yet: nothing is told again, at set or by the next rating.
        Assert.Equal(HttpStatusCode.OK,
            (await tenantClient.PutAsync($"/v1/usage-thresholds/{tenant}", Json("""{"gpuHours":["1.00","2","3"],"spend":["3.50"]}"""))).StatusCode);
        await service.PublishAsync(Rated(tenant, March, 2, 7_200, H100(2m)));
        await service.DrainedAsync();

        var told = await ToldAsync(tenant, 3);
        Assert.Equal(
            [("gpu-hours", "1.00", "1.5"), ("gpu-hours", "2", "2"), ("spend", "3.50", "3.735")],
            told.Select(t => (t.Meter, t.Threshold, t.Value)).Order());
        Assert.Equal(
            [IdOf(tenant, "gpu-hours", "1"), IdOf(tenant, "gpu-hours", "2"), IdOf(tenant, "spend", "3.5")],
            told.OrderBy(t => (t.Meter, t.Threshold)).Select(t => t.EventId));
        // Told at set from one stored event, so that nothing else can tell it again.
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var reached = (await session.Events.FetchStreamAsync($"{tenant}:standing")).Select(e => e.Data).OfType<UsageThresholdsReached>().ToList();
        Assert.Equal([(March.Start, "gpu-hours", 1.00m, 1.5m), (March.Start, "spend", 3.50m, 3.735m)],
            reached.SelectMany(r => r.Crossings.Select(c => (r.PeriodStart, c.Meter, c.Threshold, c.Value))));
    }

    [Fact]
    public async Task A_level_stored_without_its_zeros_keeps_the_id_it_was_told_with_when_set_again_with_them()
    {
        const string tenant = "stored-levels-tenant";
        var tenantClient = await OpenAsync(tenant);
        // As levels were stored before they kept their zeros.
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(new UsageThresholds(tenant, [], [4m], At("2025-03-10T00:00:00Z"), tenant));
            await session.SaveChangesAsync();
        }
        await service.PublishAsync(Rated(tenant, March, 1, 7_200, H100(2m)));
        await service.DrainedAsync();
        Assert.Equal([(IdOf(tenant, "spend", "4"), "4", "4.98")], (await ToldAsync(tenant, 1)).Select(t => (t.EventId, t.Threshold, t.Value)));

        var set = await tenantClient.PutAsync($"/v1/usage-thresholds/{tenant}", Json("""{"spend":["4.00","5"]}"""));

        Assert.Equal(["4.00", "5"], Texts((await set.ReadAsync<UsageThresholdsView>()).Spend));
        await using var query = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Empty((await query.Events.FetchStreamAsync($"{tenant}:standing")).Select(e => e.Data).OfType<UsageThresholdsReached>());
        // 4.98 and 0.16 kWh at 0.125: 5.00 spent, the next level told and 4 not again.
        await service.PublishAsync(Rated(tenant, March, 2, 7_200, H100(2m), Energy(0.16m)));
        await service.DrainedAsync();
        Assert.Equal([(IdOf(tenant, "spend", "4"), "4"), (IdOf(tenant, "spend", "5"), "5")],
            (await ToldAsync(tenant, 2)).Select(t => (t.EventId, t.Threshold)).Order());
    }

    private async Task<HttpClient> OpenAsync(string tenant)
    {
        var operatorClient = await service.OperatorAsync();
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync($"/v1/billing-accounts/{tenant}", Account(tenant: tenant))).StatusCode);
        return await service.ClientForAsync(tenant, Roles.Tenant);
    }

    private sealed record Told(Guid EventId, string Meter, string Threshold, string Value);

    /// <summary>The distinct crossings told of the tenant, once there are <paramref name="count"/>.</summary>
    private async Task<IReadOnlyList<Told>> ToldAsync(string tenant, int count)
    {
        List<Told> told = [];
        await Eventually.AssertAsync(async () =>
        {
            told =
            [
                .. service.PartnerEvents.Where(e => e.TenantId == tenant && e.Type == PartnerEventTypes.UsageThresholdCrossed).DistinctBy(e => e.EventId)
                    .Select(e => (e.EventId, Data: JsonDocument.Parse(e.Data).RootElement))
                    .Select(e => new Told(e.EventId, e.Data.GetProperty("meter").GetString()!, e.Data.GetProperty("threshold").GetString()!,
                        e.Data.GetProperty("value").GetString()!)),
            ];
            Assert.Equal(count, told.Count);
            await Task.CompletedTask;
        });
        return told;
    }

    /// <summary>A crossing's id as the tenant, its March period, the meter and the level without trailing zeros make it.</summary>
    private static Guid IdOf(string tenant, string meter, string level) =>
        new(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}/{March.Start.UtcTicks}/{meter}/{level}")).AsSpan(0, 16));

    private static string[] Texts(IEnumerable<decimal> levels) => [.. levels.Select(l => l.ToString(CultureInfo.InvariantCulture))];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
