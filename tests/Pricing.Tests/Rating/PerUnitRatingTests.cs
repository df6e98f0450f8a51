using Pricing.RateCards;
using Pricing.Rating;
using static Pricing.Tests.Given;

namespace Pricing.Tests.Rating;

public class PerUnitRatingTests
{
    // Each amount is seconds × price per GPU-hour / 3,600, exact; the last figure of a line is
    // what invoicing writes: half to even at the currency's minor unit.

    [Fact]
    public void Usd_lines_are_exact_and_round_half_to_even_to_cents()
    {
        var card = Card("USD", Terms(Rate.PerUnit(A100, 1.29m), Rate.PerUnit(H100, 2.50m), Rate.PerUnit(H100Spot, 2.70m)));

        var lines = Rated(card, GpuSeconds(H100, 180), GpuSeconds(H100Spot, 180), GpuSeconds(A100, 4131));

        Assert.Equal(
            [
                // 4,131 s × 1.29 / 3,600 = 1.480275
                "GPU time A100/on-demand | v1 | 1.1475 GPU-hour x 1.29 = 1.480275 -> 1.48",
                // 180 s × 2.50 / 3,600 = 0.125: a midpoint, to the even cent
                "GPU time H100/on-demand | v1 | 0.05 GPU-hour x 2.50 = 0.125 -> 0.12",
                // 180 s × 2.70 / 3,600 = 0.135: a midpoint, to the even cent
                "GPU time H100/spot | v1 | 0.05 GPU-hour x 2.70 = 0.135 -> 0.14",
            ],
            Rendered(lines));
    }

    [Fact]
    public void Jpy_lines_round_to_whole_yen()
    {
        var card = Card("JPY", Terms(Rate.PerUnit(A100, 375m), Rate.PerUnit(H100, 450m), Rate.PerUnit(H100Spot, 450m)));

        var lines = Rated(card, GpuSeconds(H100, 180), GpuSeconds(H100Spot, 540), GpuSeconds(A100, 3_600_000));

        Assert.Equal(
            [
                // 1,000 GPU-hours × 375
                "GPU time A100/on-demand | v1 | 1000 GPU-hour x 375 = 375000 -> 375000",
                // 180 s × 450 / 3,600 = 22.5 -> 22 (even)
                "GPU time H100/on-demand | v1 | 0.05 GPU-hour x 450 = 22.5 -> 22",
                // 540 s × 450 / 3,600 = 67.5 -> 68 (even)
                "GPU time H100/spot | v1 | 0.15 GPU-hour x 450 = 67.5 -> 68",
            ],
            Rendered(lines));
    }

    [Fact]
    public void Bhd_lines_round_to_fils()
    {
        var card = Card("BHD", Terms(Rate.PerUnit(A100, 0.945m), Rate.PerUnit(H100, 0.250m), Rate.PerUnit(H100Spot, 0.270m)));

        var lines = Rated(card, GpuSeconds(H100, 180), GpuSeconds(H100Spot, 180), GpuSeconds(A100, 7236));

        Assert.Equal(
            [
                // 7,236 s × 0.945 / 3,600 = 1.89945 -> 1.899
                "GPU time A100/on-demand | v1 | 2.01 GPU-hour x 0.945 = 1.89945 -> 1.899",
                // 180 s × 0.250 / 3,600 = 0.0125 -> 0.012 (even)
                "GPU time H100/on-demand | v1 | 0.05 GPU-hour x 0.250 = 0.0125 -> 0.012",
                // 180 s × 0.270 / 3,600 = 0.0135 -> 0.014 (even)
                "GPU time H100/spot | v1 | 0.05 GPU-hour x 0.270 = 0.0135 -> 0.014",
            ],
            Rendered(lines));
    }

    [Fact]
    public void An_hour_at_a_price_is_exactly_that_price_not_a_sum_of_rounded_seconds()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 2.49m)));

        var line = Assert.Single(Rated(card, GpuSeconds(H100, 3600)));

        Assert.Equal(2.49m, line.Amount.Amount);
        Assert.Equal(3600m, line.MeterQuantity);
    }

    [Fact]
    public void A_line_carries_what_it_charges_for_tracing()
    {
        var card = Card("USD", Terms(Rate.PerUnit(PriceKey.Spot("A100", "3g.40gb"), 1.10m)));

        var line = Assert.Single(Rated(card, GpuSeconds(PriceKey.Spot("A100", "3g.40gb"), 7200)));

        Assert.Equal(
            new ChargeLine(
                "GPU time A100/3g.40gb/spot", Meters.GpuTime, PriceKey.Spot("A100", "3g.40gb"), CardId, 1,
                2m, Units.GpuHour, new(1.10m, card.Currency), new(2.20m, card.Currency), ChargeKinds.Usage, null, 7200m),
            line);
    }

    [Fact]
    public void The_same_totals_give_the_same_lines_in_the_same_order_whatever_order_they_arrive_in()
    {
        var card = Card("USD", Terms(Rate.PerUnit(A100, 1.29m), Rate.PerUnit(H100, 2.50m), Rate.PerUnit(H100Spot, 2.70m)) with { EnergyPricePerKWh = 0.10m });
        MeterTotal[] totals = [GpuSeconds(H100Spot, 10), Joules(H100, 7_200_000), GpuSeconds(A100, 20), GpuSeconds(H100, 30), Joules(A100, 3_600_000)];

        var first = Rated(card, totals);
        var again = Rated(card, [.. totals.Reverse()]);

        Assert.Equal(first, again);
        Assert.Equal(
            ["GPU time A100/on-demand", "GPU time H100/on-demand", "GPU time H100/spot", "Energy A100/on-demand", "Energy H100/on-demand"],
            first.Select(l => l.Description));
    }

    [Fact]
    public void Totals_of_the_same_key_and_version_are_added_before_pricing()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 2.50m)));

        var line = Assert.Single(Rated(card, GpuSeconds(H100, 1800), GpuSeconds(H100, 1800)));

        Assert.Equal("GPU time H100/on-demand | v1 | 1 GPU-hour x 2.50 = 2.50 -> 2.50", Render(line));
    }

    [Fact]
    public void Usage_of_a_price_key_the_version_does_not_price_is_an_error_not_a_free_line()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 2.50m)));

        var error = Assert.Throws<InvalidOperationException>(() => Rated(card, GpuSeconds(A100, 60)));

        Assert.Equal("Rate card 'gpu-list' version 1 has no rate for A100/on-demand.", error.Message);
    }
}
