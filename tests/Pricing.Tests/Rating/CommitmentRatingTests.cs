using Pricing.RateCards;
using Pricing.Rating;
using static Pricing.Tests.Given;

namespace Pricing.Tests.Rating;

public class CommitmentRatingTests
{
    private static decimal Hours(decimal hours) => hours * 3600m;

    [Fact]
    public void A_spend_commitment_not_met_bills_the_shortfall_after_the_discount()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 2.00m)) with { Commitment = Commitment.Spend(1000m, 10m) });

        var lines = Rated(card, GpuSeconds(H100, Hours(300)));

        // Usage 300 × 2.00 = 600.00; discount 10% = -60.00; discounted 540.00; shortfall 1,000 - 540 = 460.00. Total 1,000.00.
        Assert.Equal(
            [
                "GPU time H100/on-demand | v1 | 300 GPU-hour x 2.00 = 600.00 -> 600.00",
                "Commitment discount 10% on GPU time | v1 | 1 each x -60.00 = -60.00 -> -60.00",
                "Committed spend shortfall (1000 USD committed) | v1 | 1 each x 460.00 = 460.00 -> 460.00",
            ],
            Rendered(lines));
        Assert.Equal([ChargeKinds.Usage, ChargeKinds.CommitmentDiscount, ChargeKinds.CommitmentShortfall], lines.Select(l => l.Kind));
        Assert.Equal(1000.00m, lines.Sum(l => l.Amount.Amount));
    }

    [Fact]
    public void A_spend_commitment_fully_met_bills_no_shortfall()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 2.00m)) with { Commitment = Commitment.Spend(1000m, 10m) });

        var lines = Rated(card, GpuSeconds(H100, Hours(600)));

        // Usage 600 × 2.00 = 1,200.00; discount -120.00; discounted 1,080.00 is over the 1,000 committed.
        Assert.Equal(
            [
                "GPU time H100/on-demand | v1 | 600 GPU-hour x 2.00 = 1200.00 -> 1200.00",
                "Commitment discount 10% on GPU time | v1 | 1 each x -120.00 = -120.00 -> -120.00",
            ],
            Rendered(lines));
    }

    [Fact]
    public void A_spend_commitment_with_no_usage_bills_the_whole_commitment()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 2.00m)) with { Commitment = Commitment.Spend(1000m, 10m) });

        Assert.Equal(
            ["Committed spend shortfall (1000 USD committed) | v1 | 1 each x 1000.00 = 1000.00 -> 1000.00"],
            Rendered(Rated(card)));
    }

    [Fact]
    public void The_discount_covers_tier_fees_but_not_energy_and_counts_towards_the_commitment()
    {
        var card = Card("USD", Terms(Rate.Graduated(H100, new Tier(null, 2.00m, 100m))) with
        {
            Commitment = Commitment.Spend(500m, 20m),
            EnergyPricePerKWh = 0.50m,
        });

        var lines = Rated(card, GpuSeconds(H100, Hours(100)), Joules(H100, 36_000_000));

        // Usage 200.00 + fee 100.00 = 300.00; discount 20% = -60.00; discounted 240.00; shortfall 260.00. Energy 10 kWh × 0.50 is outside.
        Assert.Equal(
            [
                "GPU time H100/on-demand, graduated tier 1 (all GPU-hours) | v1 | 100 GPU-hour x 2.00 = 200.00 -> 200.00",
                "Flat fee H100/on-demand, graduated tier 1 | v1 | 1 each x 100.00 = 100.00 -> 100.00",
                "Energy H100/on-demand | v1 | 10 kWh x 0.50 = 5.00 -> 5.00",
                "Commitment discount 20% on GPU time | v1 | 1 each x -60.00 = -60.00 -> -60.00",
                "Committed spend shortfall (500 USD committed) | v1 | 1 each x 260.00 = 260.00 -> 260.00",
            ],
            Rendered(lines));
    }

    [Fact]
    public void A_quantity_commitment_bills_unused_gpu_hours_at_the_discounted_price_of_its_key_only()
    {
        var card = Card("USD", Terms(Rate.PerUnit(A100, 1.00m), Rate.PerUnit(H100, 2.00m)) with
        {
            Commitment = Commitment.Quantity(H100, 500m, 20m),
        });

        var lines = Rated(card, GpuSeconds(H100, Hours(350)), GpuSeconds(A100, Hours(10)));

        // H100: 350 × 2.00 = 700.00, discount 20% = -140.00; 150 unused GPU-hours × 1.60 = 240.00. A100 is not covered.
        Assert.Equal(
            [
                "GPU time A100/on-demand | v1 | 10 GPU-hour x 1.00 = 10.00 -> 10.00",
                "GPU time H100/on-demand | v1 | 350 GPU-hour x 2.00 = 700.00 -> 700.00",
                "Commitment discount 20% on GPU time H100/on-demand | v1 | 1 each x -140.00 = -140.00 -> -140.00",
                "Committed GPU-hours shortfall H100/on-demand (500 GPU-hours committed) | v1 | 150 GPU-hour x 1.60 = 240.00 -> 240.00",
            ],
            Rendered(lines));
        // Committed 500 GPU-hours at the discounted 1.60, plus the A100.
        Assert.Equal(810.00m, lines.Sum(l => l.Amount.Amount));
    }

    [Fact]
    public void Rounding_the_lines_of_a_commitment_in_bhd_keeps_fils()
    {
        var card = Card("BHD", Terms(Rate.PerUnit(H100, 0.945m)) with { Commitment = Commitment.Spend(100m, 12.5m) });

        var lines = Rated(card, GpuSeconds(H100, 7236));

        // 7,236 s × 0.945 / 3,600 = 1.89945; discount 12.5% = -0.23743125; shortfall 100 - 1.66201875 = 98.33798125.
        Assert.Equal(
            [
                "GPU time H100/on-demand | v1 | 2.01 GPU-hour x 0.945 = 1.89945 -> 1.899",
                "Commitment discount 12.5% on GPU time | v1 | 1 each x -0.23743125 = -0.23743125 -> -0.237",
                "Committed spend shortfall (100 BHD committed) | v1 | 1 each x 98.33798125 = 98.33798125 -> 98.338",
            ],
            Rendered(lines));
    }
}
