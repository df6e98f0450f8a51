using Pricing.RateCards;
using static Pricing.Tests.Given;

namespace Pricing.Tests.Rating;

public class TieredRatingTests
{
    // Up to 100 GPU-hours at 3.00 (flat fee 50), over 100 up to 500 at 2.50 (fee 100), over 500 at 2.00 (fee 200).
    private static readonly Tier[] Tiers = [new(100m, 3.00m, 50m), new(500m, 2.50m, 100m), new(null, 2.00m, 200m)];

    private static RateCard Graduated => Card("USD", Terms(Rate.Graduated(H100, Tiers)));
    private static RateCard Volume => Card("USD", Terms(Rate.Volume(H100, Tiers)));

    private static decimal Hours(decimal hours) => hours * 3600m;

    [Fact]
    public void Graduated_tiers_price_each_gpu_hour_by_its_tier_and_charge_every_tier_reached()
    {
        var lines = Rated(Graduated, GpuSeconds(H100, Hours(600)));

        // 100 × 3.00 + 50 + 400 × 2.50 + 100 + 100 × 2.00 + 200 = 1,850.00
        Assert.Equal(
            [
                "GPU time H100/on-demand, graduated tier 1 (up to 100 GPU-hours) | v1 | 100 GPU-hour x 3.00 = 300.00 -> 300.00",
                "Flat fee H100/on-demand, graduated tier 1 | v1 | 1 each x 50.00 = 50.00 -> 50.00",
                "GPU time H100/on-demand, graduated tier 2 (over 100 up to 500 GPU-hours) | v1 | 400 GPU-hour x 2.50 = 1000.00 -> 1000.00",
                "Flat fee H100/on-demand, graduated tier 2 | v1 | 1 each x 100.00 = 100.00 -> 100.00",
                "GPU time H100/on-demand, graduated tier 3 (over 500 GPU-hours) | v1 | 100 GPU-hour x 2.00 = 200.00 -> 200.00",
                "Flat fee H100/on-demand, graduated tier 3 | v1 | 1 each x 200.00 = 200.00 -> 200.00",
            ],
            Rendered(lines));
        Assert.Equal(1850.00m, lines.Sum(l => l.Amount.Amount));
    }

    [Fact]
    public void Volume_tiers_price_every_gpu_hour_at_the_tier_the_total_reaches_and_charge_only_its_fee()
    {
        var lines = Rated(Volume, GpuSeconds(H100, Hours(600)));

        // The same 600 GPU-hours: 600 × 2.00 + 200 = 1,400.00
        Assert.Equal(
            [
                "GPU time H100/on-demand, volume tier 3 (over 500 GPU-hours) | v1 | 600 GPU-hour x 2.00 = 1200.00 -> 1200.00",
                "Flat fee H100/on-demand, volume tier 3 | v1 | 1 each x 200.00 = 200.00 -> 200.00",
            ],
            Rendered(lines));
        Assert.Equal(1400.00m, lines.Sum(l => l.Amount.Amount));
    }

    [Fact]
    public void Just_past_a_bound_graduated_adds_the_next_tier_and_volume_moves_everything_to_it()
    {
        // 100.5 GPU-hours. Graduated: 100 × 3.00 + 50 + 0.5 × 2.50 + 100 = 451.25.
        Assert.Equal(
            [
                "GPU time H100/on-demand, graduated tier 1 (up to 100 GPU-hours) | v1 | 100 GPU-hour x 3.00 = 300.00 -> 300.00",
                "Flat fee H100/on-demand, graduated tier 1 | v1 | 1 each x 50.00 = 50.00 -> 50.00",
                "GPU time H100/on-demand, graduated tier 2 (over 100 up to 500 GPU-hours) | v1 | 0.5 GPU-hour x 2.50 = 1.25 -> 1.25",
                "Flat fee H100/on-demand, graduated tier 2 | v1 | 1 each x 100.00 = 100.00 -> 100.00",
            ],
            Rendered(Rated(Graduated, GpuSeconds(H100, Hours(100.5m)))));

        // Volume: 100.5 × 2.50 + 100 = 351.25.
        Assert.Equal(
            [
                "GPU time H100/on-demand, volume tier 2 (over 100 up to 500 GPU-hours) | v1 | 100.5 GPU-hour x 2.50 = 251.25 -> 251.25",
                "Flat fee H100/on-demand, volume tier 2 | v1 | 1 each x 100.00 = 100.00 -> 100.00",
            ],
            Rendered(Rated(Volume, GpuSeconds(H100, Hours(100.5m)))));
    }

    [Fact]
    public void A_total_exactly_on_a_bound_stays_in_the_lower_tier()
    {
        // 100 GPU-hours: 100 × 3.00 + 50 = 350.00 both ways; tier 2 is not reached, so its fee is not charged.
        string[] expectedGraduated =
        [
            "GPU time H100/on-demand, graduated tier 1 (up to 100 GPU-hours) | v1 | 100 GPU-hour x 3.00 = 300.00 -> 300.00",
            "Flat fee H100/on-demand, graduated tier 1 | v1 | 1 each x 50.00 = 50.00 -> 50.00",
        ];
        string[] expectedVolume =
        [
            "GPU time H100/on-demand, volume tier 1 (up to 100 GPU-hours) | v1 | 100 GPU-hour x 3.00 = 300.00 -> 300.00",
            "Flat fee H100/on-demand, volume tier 1 | v1 | 1 each x 50.00 = 50.00 -> 50.00",
        ];

        Assert.Equal(expectedGraduated, Rendered(Rated(Graduated, GpuSeconds(H100, Hours(100)))));
        Assert.Equal(expectedVolume, Rendered(Rated(Volume, GpuSeconds(H100, Hours(100)))));
    }

    [Fact]
    public void Under_a_new_version_mid_period_graduated_usage_continues_up_the_tiers_instead_of_starting_again()
    {
        var midFebruary = February.AddDays(14);
        var card = Graduated.WithVersion(midFebruary, Terms(Rate.Graduated(H100, new Tier(100m, 2.80m, 50m), new Tier(null, 2.00m, 100m))));

        var lines = Rated(card, GpuSeconds(H100, Hours(80), version: 1), GpuSeconds(H100, Hours(40), version: 2));

        // v1: 80 × 3.00 + 50 = 290.00. v2 carries on at hour 80: 20 × 2.80 + 20 × 2.00 + 100 (tier 2 first reached) = 196.00.
        Assert.Equal(
            [
                "GPU time H100/on-demand, graduated tier 1 (up to 100 GPU-hours) | v1 | 80 GPU-hour x 3.00 = 240.00 -> 240.00",
                "Flat fee H100/on-demand, graduated tier 1 | v1 | 1 each x 50.00 = 50.00 -> 50.00",
                "GPU time H100/on-demand, graduated tier 1 (up to 100 GPU-hours) | v2 | 20 GPU-hour x 2.80 = 56.00 -> 56.00",
                "GPU time H100/on-demand, graduated tier 2 (over 100 GPU-hours) | v2 | 20 GPU-hour x 2.00 = 40.00 -> 40.00",
                "Flat fee H100/on-demand, graduated tier 2 | v2 | 1 each x 100.00 = 100.00 -> 100.00",
            ],
            Rendered(lines));
    }

    [Fact]
    public void Under_a_new_version_mid_period_volume_tiers_are_chosen_by_the_whole_periods_total()
    {
        var midFebruary = February.AddDays(14);
        var card = Volume.WithVersion(midFebruary, Terms(Rate.Volume(H100, new Tier(100m, 2.80m, 50m), new Tier(null, 1.90m, 75m))));

        var lines = Rated(card, GpuSeconds(H100, Hours(80), version: 1), GpuSeconds(H100, Hours(40), version: 2));

        // 120 GPU-hours in the period: v1's tier 2 for its 80 (× 2.50 = 200.00), v2's tier 2 for its 40 (× 1.90 = 76.00), one fee (v2's, 75).
        Assert.Equal(
            [
                "GPU time H100/on-demand, volume tier 2 (over 100 up to 500 GPU-hours) | v1 | 80 GPU-hour x 2.50 = 200.00 -> 200.00",
                "GPU time H100/on-demand, volume tier 2 (over 100 GPU-hours) | v2 | 40 GPU-hour x 1.90 = 76.00 -> 76.00",
                "Flat fee H100/on-demand, volume tier 2 | v2 | 1 each x 75.00 = 75.00 -> 75.00",
            ],
            Rendered(lines));
    }

    [Fact]
    public void No_usage_of_a_tiered_key_charges_no_flat_fee()
    {
        Assert.Empty(Rated(Graduated, GpuSeconds(H100, 0)));
        Assert.Empty(Rated(Volume));
    }
}
