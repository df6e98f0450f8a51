using Pricing.RateCards;
using Pricing.Rating;
using static Pricing.Tests.Given;

namespace Pricing.Tests.Rating;

public class ReservedAndEnergyRatingTests
{
    private static readonly RateCardTerms Reserving = Terms(Rate.PerUnit(H100, 2.00m)) with
    {
        ReservedGpus = [new ReservedGpus("H100", 4, 1500m), new ReservedGpus("A100", 2, 800.50m)],
    };

    [Fact]
    public void Reserved_gpus_are_charged_every_period_even_with_no_usage()
    {
        var lines = Rated(Card("USD", Reserving));

        // 2 × 800.50 = 1,601.00 and 4 × 1,500.00 = 6,000.00, by model.
        Assert.Equal(
            [
                "Reserved A100 GPUs | v1 | 2 reserved GPU x 800.50 = 1601.00 -> 1601.00",
                "Reserved H100 GPUs | v1 | 4 reserved GPU x 1500.00 = 6000.00 -> 6000.00",
            ],
            Rendered(lines));
        Assert.All(lines, l => Assert.Equal(ChargeKinds.ReservedGpus, l.Kind));
    }

    [Fact]
    public void Reserved_gpus_are_charged_beside_usage_not_instead_of_it()
    {
        var lines = Rated(Card("USD", Reserving), GpuSeconds(H100, 3600));

        Assert.Equal(
            [
                "GPU time H100/on-demand | v1 | 1 GPU-hour x 2.00 = 2.00 -> 2.00",
                "Reserved A100 GPUs | v1 | 2 reserved GPU x 800.50 = 1601.00 -> 1601.00",
                "Reserved H100 GPUs | v1 | 4 reserved GPU x 1500.00 = 6000.00 -> 6000.00",
            ],
            Rendered(lines));
    }

    [Fact]
    public void A_version_taking_effect_mid_period_changes_reserved_gpus_from_the_next_period()
    {
        var card = Card("USD", Reserving).WithVersion(February.AddDays(10), Reserving with { ReservedGpus = [new ReservedGpus("H100", 8, 1400m)] });

        Assert.Equal(
            ["Reserved A100 GPUs | v1 | 2 reserved GPU x 800.50 = 1601.00 -> 1601.00", "Reserved H100 GPUs | v1 | 4 reserved GPU x 1500.00 = 6000.00 -> 6000.00"],
            Rendered(Rated(card)));
        Assert.Equal(
            ["Reserved H100 GPUs | v2 | 8 reserved GPU x 1400.00 = 11200.00 -> 11200.00"],
            Rendered(PeriodRating.Rate(new PeriodTotals("acme", March, March.AddMonths(1), CardId, []), card)));
    }

    [Fact]
    public void Energy_is_priced_per_kwh_of_3_600_000_joules()
    {
        var card = Card("USD", Terms(Rate.PerUnit(A100, 1.00m), Rate.PerUnit(H100, 2.00m)) with { EnergyPricePerKWh = 0.12m });

        var lines = Rated(card, GpuSeconds(H100, 3600), Joules(H100, 25_200_000), Joules(A100, 450_000));

        Assert.Equal(
            [
                "GPU time H100/on-demand | v1 | 1 GPU-hour x 2.00 = 2.00 -> 2.00",
                // 450,000 J = 0.125 kWh × 0.12 = 0.015 -> 0.02 (half to even)
                "Energy A100/on-demand | v1 | 0.125 kWh x 0.12 = 0.015 -> 0.02",
                // 25,200,000 J = 7 kWh × 0.12 = 0.84
                "Energy H100/on-demand | v1 | 7 kWh x 0.12 = 0.84 -> 0.84",
            ],
            Rendered(lines));
        Assert.Equal(25_200_000m, lines[2].MeterQuantity);
        Assert.Equal(Meters.Energy, lines[2].Meter);
    }

    [Fact]
    public void Energy_is_not_billed_by_a_version_without_an_energy_price()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 2.00m)));

        Assert.Equal(["GPU time H100/on-demand"], Rated(card, GpuSeconds(H100, 3600), Joules(H100, 25_200_000)).Select(l => l.Description));
    }
}
