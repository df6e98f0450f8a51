using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.CostCards;

namespace Fleet.Tests.CostCards;

public sealed class CostCardBodyService() : FleetService("cost_card_body_tests");

/// <summary>
/// A cost card's body as an integrator sends it: a price or a monthly charge left out is a 422 naming
/// it (a decimal left out would otherwise be read as 0, GPUs costed as free), never a version; fixed
/// charges left out are none, as the document says.
/// </summary>
public class CostCardBodyTests(CostCardBodyService fleet) : IClassFixture<CostCardBodyService>
{
    private static StringContent Body(string terms) =>
        new($$"""{"currency":"USD","effectiveFrom":"2026-02-01T00:00:00Z","terms":{{terms}}}""", System.Text.Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("body-no-price", """{"prices":[{"model":"H100","migProfile":null}]}""", "Terms.Prices[0].PricePerGpuHour")]
    [InlineData("body-null-price", """{"prices":[{"model":"H100","migProfile":null,"pricePerGpuHour":null}]}""", "Terms.Prices[0].PricePerGpuHour")]
    [InlineData("body-no-amount", """{"prices":[{"model":"H100","migProfile":null,"pricePerGpuHour":"2.10"}],"fixedCharges":[{"description":"racks"}]}""", "Terms.FixedCharges[0].AmountPerMonth")]
    public async Task An_amount_left_out_is_refused_naming_it_and_publishes_nothing(string supplier, string terms, string field)
    {
        var client = await fleet.OperatorAsync();

        var refused = await client.PostAsync($"/v1/fleet/cost-cards/{supplier}/versions", Body(terms));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(field, Assert.Single(errors).Key, ignoreCase: true);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/fleet/cost-cards/{supplier}")).StatusCode);
    }

    [Fact]
    public async Task Fixed_charges_left_out_or_null_are_none()
    {
        var client = await fleet.OperatorAsync();
        foreach (var (supplier, terms) in new[]
        {
            ("body-no-charges", """{"prices":[{"model":"H100","migProfile":null,"pricePerGpuHour":"2.10"}]}"""),
            ("body-null-charges", """{"prices":[{"model":"H100","migProfile":null,"pricePerGpuHour":"2.10"}],"fixedCharges":null}"""),
        })
        {
            var published = await client.PostAsync($"/v1/fleet/cost-cards/{supplier}/versions", Body(terms));
            Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());

            var card = await client.GetFromJsonAsync<CostCard>($"/v1/fleet/cost-cards/{supplier}", FleetService.Json);
            var version = Assert.Single(card!.Versions);
            Assert.Empty(version.Terms.FixedCharges);
            Assert.Equal(new GpuPrice("H100", null, 2.10m), Assert.Single(version.Terms.Prices));
        }
    }
}
