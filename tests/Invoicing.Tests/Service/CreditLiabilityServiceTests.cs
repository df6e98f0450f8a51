using System.Net;
using System.Net.Http.Json;
using GpuBilling.Access;
using Invoicing.Credits;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Service;

public sealed class CreditLiabilityService() : InvoicingService("invoicing_credit_liability_tests", At("2025-03-05T12:00:00Z"));

/// <summary>
/// What the cloud owes in unused credit, across tenants, by currency and kind, at any instant: on a
/// database of its own, so every grant it counts is one this test made.
/// </summary>
public class CreditLiabilityServiceTests(CreditLiabilityService service) : IClassFixture<CreditLiabilityService>
{
    [Fact]
    public async Task Operators_read_the_unused_purchased_and_promotional_credit_by_currency_at_any_instant_and_expiry_writes_it_off()
    {
        var operatorClient = await service.OperatorAsync();
        await OpenAsync(operatorClient, "li-dollars", "USD");
        await service.AnnounceAsync(("rc-yen", "JPY"));
        await OpenAsync(operatorClient, "li-yen", "JPY", "rc-yen");
        await GrantAsync(operatorClient, "li-dollars", new { source = "trial", amount = "50.00", reason = "trial", expiresAt = "2025-03-10T00:00:00Z" });
        await GrantAsync(operatorClient, "li-dollars", new { source = "purchase", amount = "120.00", reason = "top-up", receipt = "R-1" });
        await GrantAsync(operatorClient, "li-yen", new { source = "purchase", amount = "5000", reason = "top-up", receipt = "R-2" });
        service.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsJsonAsync("/v1/credits/li-dollars/grants/G2/revoke", new { reason = "refunded" })).StatusCode);

        Assert.Empty((await LiabilityAsync(operatorClient, "2025-03-05T11:59:59Z")).Currencies);
        Assert.Equal(
            [new CurrencyLiability("JPY", 5000m, 0m, 5000m), new CurrencyLiability("USD", 120.00m, 50.00m, 170.00m)],
            (await LiabilityAsync(operatorClient, "2025-03-05T12:30:00Z")).Currencies);
        // After the revocation an hour later; then at the trial's expiry, whether or not it has been written off yet.
        Assert.Equal([new CurrencyLiability("JPY", 5000m, 0m, 5000m), new CurrencyLiability("USD", 0.00m, 50.00m, 50.00m)],
            (await LiabilityAsync(operatorClient, "2025-03-05T13:00:00Z")).Currencies);
        Assert.Equal([new CurrencyLiability("JPY", 5000m, 0m, 5000m), new CurrencyLiability("USD", 0.00m, 0.00m, 0.00m)],
            (await LiabilityAsync(operatorClient, "2025-03-10T00:00:00Z")).Currencies);

        // Once invoicing's clock passes the expiry, the sweep writes the trial off as an event dated at the expiry itself.
        service.Clock.SetUtcNow(At("2025-03-10T00:05:00Z"));
        await GpuBilling.Testing.Eventually.AssertAsync(async () =>
        {
            var history = await (await operatorClient.GetAsync("/v1/credits/li-dollars/history")).ReadAsync<CreditHistoryPage>();
            var expired = Assert.Single(history.Entries, e => e.Event == "CreditExpired");
            Assert.Equal((-50.00m, At("2025-03-10T00:00:00Z"), "service:invoicing-credit-expiry"), (expired.Change, expired.ExpiredAt, expired.CausedBy));
        });
        Assert.Equal([new CurrencyLiability("JPY", 5000m, 0m, 5000m), new CurrencyLiability("USD", 0.00m, 0.00m, 0.00m)],
            (await LiabilityAsync(operatorClient, "2025-03-10T00:05:00Z")).Currencies);

        var tenant = await service.ClientForAsync("li-dollars", Roles.Tenant);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.GetAsync("/v1/credit-liability")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await operatorClient.GetAsync("/v1/credit-liability?at=yesterday")).StatusCode);
    }

    private static async Task<CreditLiabilityView> LiabilityAsync(HttpClient client, string at)
    {
        var response = await client.GetAsync($"/v1/credit-liability?at={Uri.EscapeDataString(at)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<CreditLiabilityView>();
    }

    private static async Task OpenAsync(HttpClient operatorClient, string tenant, string currency, string rateCard = "rc-standard") =>
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync($"/v1/billing-accounts/{tenant}",
            Account(tenant: tenant, currency: currency, issuer: $"{tenant}-issuer") with { RateCardId = rateCard })).StatusCode);

    private static async Task GrantAsync(HttpClient operatorClient, string tenant, object grant) =>
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants", grant)).StatusCode);
}
