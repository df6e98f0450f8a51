using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GpuBilling.Access;
using Pricing.RateCards;
using static Pricing.Tests.Given;

namespace Pricing.Tests.RateCards;

/// <summary>A database of its own: the list is every card there is, so it can be asserted whole.</summary>
public sealed class RateCardListService() : PricingService("pricing_rate_card_list_tests");

public class RateCardListTests(RateCardListService pricing) : IClassFixture<RateCardListService>
{
    private const string ListPrices = """{"rates":[{"key":{"gpuModel":"H100","allocationClass":"on-demand"},"model":"per-unit","pricePerGpuHour":2.50}]}""";

    private static StringContent Version(string currency, DateTimeOffset effectiveFrom) =>
        new($$"""{"currency":"{{currency}}","effectiveFrom":"{{effectiveFrom:yyyy-MM-ddTHH:mm:ssZ}}","terms":{{ListPrices}}}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task Every_card_is_listed_in_id_order_a_page_at_a_time_with_its_latest_version_and_the_dates_of_each()
    {
        var client = await pricing.ClientForAsync("finance-ana", Roles.Operator);
        foreach (var (card, currency, from) in new[] { ("rc-c", "USD", February), ("rc-a", "EUR", February), ("rc-b", "USD", February), ("rc-b", "USD", March) })
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/rate-cards/{card}/versions", Version(currency, from))).StatusCode);

        var first = await client.GetFromJsonAsync<RateCardPage>("/v1/rate-cards?limit=2", PricingService.Json);
        var second = await client.GetFromJsonAsync<RateCardPage>($"/v1/rate-cards?limit=2&cursor={first!.Next}", PricingService.Json);
        var whole = await client.GetFromJsonAsync<RateCardPage>("/v1/rate-cards", PricingService.Json);

        Assert.Equal(
            [
                "rc-a EUR latest 1: v1 from 2026-02-01 00:00:00Z published 2026-01-01 00:00:00Z",
                "rc-b USD latest 2: v1 from 2026-02-01 00:00:00Z published 2026-01-01 00:00:00Z, v2 from 2026-03-01 00:00:00Z published 2026-01-01 00:00:00Z",
            ],
            first.RateCards.Select(Row));
        Assert.NotNull(first.Next);
        Assert.Equal(["rc-c USD latest 1: v1 from 2026-02-01 00:00:00Z published 2026-01-01 00:00:00Z"], second!.RateCards.Select(Row));
        Assert.Null(second.Next);
        Assert.Equal(["rc-a", "rc-b", "rc-c"], whole!.RateCards.Select(c => c.Id));
        Assert.Null(whole.Next);
    }

    [Fact]
    public async Task A_page_that_cannot_be_read_is_a_problem_naming_its_fields_and_only_operators_list_cards()
    {
        var client = await pricing.ClientForAsync("finance-ana", Roles.Operator);

        var bad = await client.GetAsync("/v1/rate-cards?limit=0&cursor=not~a~cursor");
        var tenant = await (await pricing.ClientForAsync("acme", Roles.Tenant)).GetAsync("/v1/rate-cards");

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "application/problem+json"), (bad.StatusCode, bad.Content.Headers.ContentType?.MediaType));
        Assert.Equal(
            [
                "cursor: is not a cursor this API gave out; pass the 'next' of the previous page unchanged.",
                "limit: must be between 1 and 200.",
            ],
            (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject()
                .SelectMany(e => e.Value.EnumerateArray().Select(p => $"{e.Name}: {p.GetString()}")).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, tenant.StatusCode);
    }

    private static string Row(RateCardSummary card) =>
        $"{card.Id} {card.Currency} latest {card.LatestVersion}: "
        + string.Join(", ", card.Versions.Select(v => $"v{v.Version} from {v.EffectiveFrom:u} published {v.PublishedAt:u}"));
}
