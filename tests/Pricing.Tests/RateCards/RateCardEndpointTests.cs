using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.Money;
using GpuBilling.Testing;
using Pricing.RateCards;
using static Pricing.Tests.Given;

namespace Pricing.Tests.RateCards;

public sealed class RateCardService() : PricingService("pricing_rate_card_tests");

public class RateCardEndpointTests(RateCardService pricing) : IClassFixture<RateCardService>
{
    private const string ListPrices = """{"rates":[{"key":{"gpuModel":"H100","allocationClass":"on-demand"},"model":"per-unit","pricePerGpuHour":2.50}]}""";

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_published_version_is_listed_with_who_published_it_and_when()
    {
        var client = await pricing.ClientForAsync("finance-ana", Roles.Operator);

        var first = await client.PostAsync("/v1/rate-cards/listed/versions",
            Body($$"""{"currency":"EUR","effectiveFrom":"2026-02-01T00:00:00Z","terms":{{ListPrices}}}"""));
        var second = await client.PostAsync("/v1/rate-cards/listed/versions",
            Body("""
                {"currency":"EUR","effectiveFrom":"2026-03-01T00:00:00Z","terms":{"rates":[
                  {"key":{"gpuModel":"H100","allocationClass":"on-demand"},"model":"graduated","tiers":[{"upToGpuHours":100,"pricePerGpuHour":3.00,"flatFee":50},{"pricePerGpuHour":2.50}]}],
                 "increment":"per-minute","minimumDuration":"00:05:00"}}
                """));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.Equal("/v1/rate-cards/listed", first.Headers.Location?.OriginalString);
        var card = await client.GetFromJsonAsync<RateCardResponse>("/v1/rate-cards/listed", PricingService.Json);
        Assert.Equal(("listed", "EUR"), (card!.Id, card.Currency));
        Assert.Equal(
            [(1, February, PricingService.Now, "finance-ana"), (2, March, PricingService.Now, "finance-ana")],
            card.Versions.Select(v => (v.Version, v.EffectiveFrom, v.PublishedAt, v.PublishedBy)));
        // Terms hold lists, which records compare by reference: compared as the API writes them.
        Assert.Equal(
            JsonSerializer.Serialize(new RateCardTerms
            {
                Rates = [Rate.Graduated(H100, new Tier(100m, 3.00m, 50m), new Tier(null, 2.50m))],
                Increment = BillingIncrement.PerMinute,
                MinimumDuration = TimeSpan.FromMinutes(5),
            }, PricingService.Json),
            JsonSerializer.Serialize(card.Versions[1].Terms, PricingService.Json));

        // Each version is announced, for invoicing to check the accounts that name the card.
        await Eventually.AssertAsync(() => Assert.Equal(
            [(1, "EUR", February, PricingService.Now), (2, "EUR", March, PricingService.Now)],
            pricing.Announced.Where(a => a.RateCardId == "listed").Select(a => (a.Version, a.Currency, a.EffectiveFrom, a.PublishedAt)).Distinct().Order()));
    }

    public static TheoryData<string, string, string[]> RefusedRequests => new()
    {
        {
            "card-a", $$"""{"currency":"XXX","effectiveFrom":"2026-02-01T00:00:00Z","terms":{{ListPrices}}}""",
            [$"Currency: 'Currency' must be a supported ISO 4217 code ({string.Join(", ", Currency.Codes)}), not 'XXX'."]
        },
        {
            "card-b", """{"currency":"USD"}""",
            ["EffectiveFrom: 'EffectiveFrom' is required.", "Terms: 'Terms' is required."]
        },
        {
            "card-c", $$"""{"currency":"USD","effectiveFrom":"2025-12-31T23:59:59Z","terms":{{ListPrices}}}""",
            ["EffectiveFrom: A version cannot take effect before it is published (2026-01-01T00:00:00Z): usage already rated would change price."]
        },
        {
            "card-d", """{"currency":"USD","effectiveFrom":"2026-02-01T00:00:00Z","terms":{"rates":[{"key":{"gpuModel":"H100","allocationClass":"reserved"},"model":"per-unit","pricePerGpuHour":-1}]}}""",
            [
                "Terms.Rates[0].Key.AllocationClass: 'AllocationClass' must be 'on-demand' or 'spot', not 'reserved'.",
                "Terms.Rates[0].PricePerGpuHour: 'Price Per Gpu Hour' must be greater than or equal to '0'.",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(RefusedRequests))]
    public async Task A_refused_rate_card_request_gets_a_problem_naming_each_field(string cardId, string body, string[] problems)
    {
        var client = await pricing.ClientForAsync("finance-ana", Roles.Operator);

        var response = await client.PostAsync($"/v1/rate-cards/{cardId}/versions", Body(body));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(problems,
            errors.EnumerateObject().SelectMany(field => field.Value.EnumerateArray().Select(problem => $"{field.Name}: {problem.GetString()}")).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/rate-cards/{cardId}")).StatusCode);
    }

    /// <summary>The path's id is held to the rate card id rule (Ids.RateCard) before anything else: a 400 naming it, as the document says.</summary>
    [Fact]
    public async Task A_rate_card_id_outside_the_id_rule_is_refused_naming_the_path_parameter()
    {
        var client = await pricing.ClientForAsync("finance-ana", Roles.Operator);

        var response = await client.PostAsync("/v1/rate-cards/not~a~card/versions",
            Body($$"""{"currency":"USD","effectiveFrom":"2026-02-01T00:00:00Z","terms":{{ListPrices}}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal([$"'id' {GpuBilling.Decisions.Ids.RateCard.Words}."], errors.GetProperty("id").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Only_operators_publish_and_read_rate_cards()
    {
        var tenant = await pricing.ClientForAsync("acme", Roles.Tenant);
        var anonymous = pricing.AnonymousClient();
        var body = $$"""{"currency":"USD","effectiveFrom":"2026-02-01T00:00:00Z","terms":{{ListPrices}}}""";

        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            [
                (await tenant.PostAsync("/v1/rate-cards/guarded/versions", Body(body))).StatusCode,
                (await tenant.GetAsync("/v1/rate-cards/guarded")).StatusCode,
                (await anonymous.PostAsync("/v1/rate-cards/guarded/versions", Body(body))).StatusCode,
                (await anonymous.GetAsync("/v1/rate-cards/guarded")).StatusCode,
            ]);
        var operatorClient = await pricing.ClientForAsync("finance-ana", Roles.Operator);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/v1/rate-cards/guarded")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_publishers_never_make_two_versions_of_the_same_number()
    {
        var client = await pricing.ClientForAsync("finance-ana", Roles.Operator);
        Task<HttpResponseMessage[]> RaceAsync(int fromDay) => Task.WhenAll(Enumerable.Range(fromDay, 8).Select(day => client.PostAsync(
            "/v1/rate-cards/contended/versions",
            Body($$"""{"currency":"USD","effectiveFrom":"{{February.AddDays(day):yyyy-MM-ddTHH:mm:ssZ}}","terms":{{ListPrices}}}"""))));

        // First to start the card's stream, then to append to it.
        HttpResponseMessage[] responses = [.. await RaceAsync(0), .. await RaceAsync(10)];

        // A publisher that lost the race is told so (409), or refused if the winner's version took effect later (422).
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        var card = await client.GetFromJsonAsync<RateCardResponse>("/v1/rate-cards/contended", PricingService.Json);
        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(Enumerable.Range(1, created), card!.Versions.Select(v => v.Version));
        Assert.Equal(card.Versions.OrderBy(v => v.EffectiveFrom).Select(v => v.Version), card.Versions.Select(v => v.Version));
    }
}
