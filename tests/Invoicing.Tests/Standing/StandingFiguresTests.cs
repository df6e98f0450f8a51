using GpuBilling.Money;
using Invoicing.Credits;
using Invoicing.Standing;
using Metering.Contracts;
using static Invoicing.Credits.CreditSource;
using static Invoicing.Tests.Credits.CreditSamples;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;
using static Invoicing.Tests.Standing.StandingSamples;

namespace Invoicing.Tests.Standing;

public class StandingFiguresTests
{
    /// <summary>Trial 50.00 and 100.00 bought; March rated at v3 with 20 H100 hours (49.80), drawn as the rating consumer draws.</summary>
    private static (CreditBalance Credit, PeriodRated Rated) RatedAtV3(decimal? taxRate = 0.08875m)
    {
        var rated = Rated("acme", March, 3, 72_000, H100(20m));
        var stream = Granted("USD", (Trial, 50m, null), (Purchase, 100m, null));
        stream.Decide(s => CreditDecision.Decide(Draw(3, Now, taxRate, [.. Kept(rated).ChargeLines()]), s));
        return (stream.Balance(), rated);
    }

    [Fact]
    public void The_balance_is_what_drawing_the_rated_and_estimated_charges_would_leave_with_tax_on_what_purchased_credit_pays()
    {
        var (credit, rated) = RatedAtV3();

        var figures = FiguresOf(credit, rated, Estimate(3, 12.345m, burnPerHour: 9.96m));

        // The estimate counts 12.34 less a cent for the rating's one line and one for a line it may start: 12.32.
        var charges = 49.80m + (12.34m - 2 * 0.01m);
        // The trial discounts 50.00; tax 8.875 % on the rest, rounded half-even; purchased credit pays that total.
        var taxed = charges - 50.00m;
        var total = taxed + Math.Round(taxed * 0.08875m, 2, MidpointRounding.ToEven);
        Assert.Equal((62.12m, 13.20m), (charges, total));
        Assert.Equal((U(0.00m), U(100.00m - total), U(100.00m - total)), (figures.Promotional, figures.Purchased, figures.Balance));
        Assert.Equal((Usd(charges), 3L, (long?)3, Through), (figures.PeriodCharges, figures.RatingVersion, figures.EstimateVersion, figures.UsageThrough));

        // 86.80 of purchased credit burns at 9.96 an hour plus the tax it pays too.
        var seconds = Math.Floor((100.00m - total) * 3600m / (9.96m * 1.08875m));
        Assert.Equal(Through.AddSeconds((double)seconds), figures.ProjectedDepletion);
        Assert.Equal((9.96m, 28_816m), (figures.BurnRatePerHour, seconds));
    }

    [Fact]
    public void Promotional_credit_burns_at_the_rate_before_tax_and_purchased_credit_at_the_rate_with_it()
    {
        var (credit, rated) = RatedAtV3();

        var figures = FiguresOf(credit, rated, Estimate(3, 0m, burnPerHour: 9.96m));

        // 0.20 of the trial is left at 9.96 an hour, then 100.00 at 9.96 × 1.08875.
        var seconds = Math.Floor(0.20m * 3600m / 9.96m + 100.00m * 3600m / (9.96m * 1.08875m));
        Assert.Equal((U(0.20m), U(100.00m)), (figures.Promotional, figures.Purchased));
        Assert.Equal(Through.AddSeconds((double)seconds), figures.ProjectedDepletion);
    }

    [Theory]
    [InlineData(2L)]
    [InlineData(4L)]
    public void An_estimate_made_for_another_rating_than_the_one_kept_counts_nothing(long estimateVersion)
    {
        var (credit, rated) = RatedAtV3();

        var figures = FiguresOf(credit, rated, Estimate(estimateVersion, 40m, burnPerHour: 9.96m));

        Assert.Equal((U(100.20m), Usd(49.80m), (long?)null), (figures.Balance, figures.PeriodCharges, figures.EstimateVersion));
        Assert.Equal(rated.LastSecond, figures.UsageThrough);
    }

    [Fact]
    public void A_tenant_without_credit_has_no_balance_and_its_period_charges_count_the_estimate()
    {
        var figures = FiguresOf(null, Rated("acme", March, 3, 72_000, H100(20m)), Estimate(3, 1.005m, burnPerHour: 9.96m));

        Assert.Equal(((Money?)null, (DateTimeOffset?)null, Usd(49.80m + 0.98m)), (figures.Balance, figures.ProjectedDepletion, figures.PeriodCharges));
        Assert.Equal(StandingStatus.Ok, StandingDecision.StatusOf(figures, new StandingThresholds(100m, 5m, null), Now));
    }

    [Theory]
    [InlineData("0.059", "0.01", StandingStatus.Ok)]
    [InlineData("0.069", "0.00", StandingStatus.Depleted)]
    public void Depleted_only_once_the_estimate_counted_spends_the_last_minor_unit(string unsealed, string left, StandingStatus status)
    {
        var rated = Rated("acme", March, 1, 14_400, H100(4m));
        var stream = Granted("USD", (Trial, 10m, null));
        stream.Decide(s => CreditDecision.Decide(Draw(1, Now, null, [.. Kept(rated).ChargeLines()]), s));

        // 10.00 - 9.96 = 0.04 left; the estimate counts its cents less two.
        var figures = FiguresOf(stream.Balance(), rated, Estimate(1, decimal.Parse(unsealed, System.Globalization.CultureInfo.InvariantCulture), 2.49m), taxRate: null);

        Assert.Equal(left, figures.Balance!.Value.ToAmountString());
        Assert.Equal(status, StandingDecision.StatusOf(figures, StandingThresholds.None, Now));
    }

    [Theory]
    [InlineData("70.6", "0", StandingStatus.Depleted)]
    [InlineData("69.9", "1", StandingStatus.Ok)]
    public void Yen_have_no_minor_digits(string unsealed, string left, StandingStatus status)
    {
        // 2.5 hours at 373 JPY = 932.5, written 932 (half to even); 1000 - 932 = 68 left; the estimate counts whole yen less two.
        var rated = Rated("acme", March, 1, 9_000, Charge(373m, 2.5m)) with { CurrencyCode = "JPY" };
        var stream = Granted("JPY", (Trial, 1000m, null));
        stream.Decide(s => CreditDecision.Decide(Draw(1, Now, null, [.. Kept(rated).ChargeLines()]), s));
        Assert.Equal("68", stream.Balance().Grant("G1")!.Unused.ToAmountString());

        var figures = FiguresOf(stream.Balance(), rated, Estimate(1, decimal.Parse(unsealed, System.Globalization.CultureInfo.InvariantCulture), 373m, "JPY"), null, "JPY");

        Assert.Equal((left, status), (figures.Balance!.Value.ToAmountString(), StandingDecision.StatusOf(figures, StandingThresholds.None, Now)));
    }

    [Fact]
    public void Bahraini_dinars_have_three()
    {
        // 1.5 hours at 0.945 = 1.4175, written 1.418; 10 % tax 0.1418 -> 0.142: 1.560 of the 20.000 bought.
        var rated = Rated("acme", March, 1, 5_400, Charge(0.945m, 1.5m)) with { CurrencyCode = "BHD" };
        var stream = Granted("BHD", (Purchase, 20m, null));
        stream.Decide(s => CreditDecision.Decide(Draw(1, Now, 0.10m, [.. Kept(rated).ChargeLines()]), s));
        Assert.Equal("18.440", stream.Balance().Grant("G1")!.Unused.ToAmountString());

        var figures = FiguresOf(stream.Balance(), rated, Estimate(1, 2.34567m, 0.945m, "BHD"), 0.10m, "BHD");

        var subtotal = 1.418m + (2.345m - 2 * 0.001m);
        var total = subtotal + Math.Round(subtotal * 0.10m, 3, MidpointRounding.ToEven);
        Assert.Equal((3.761m, 4.137m), (subtotal, total));
        Assert.Equal(((20.000m - total).ToString("F3", System.Globalization.CultureInfo.InvariantCulture), subtotal),
            (figures.Balance!.Value.ToAmountString(), figures.PeriodCharges.Amount));
    }

    [Fact]
    public void A_grant_past_its_expiry_counts_nothing_though_the_sweep_has_not_written_it_off()
    {
        var stream = Granted("USD", (Trial, 50m, "2025-03-10T12:00:00Z"), (Purchase, 5m, null));

        var figures = FiguresOf(stream.Balance(), null, null);

        Assert.Equal((U(0.00m), U(5.00m)), (figures.Promotional, figures.Purchased));
    }

    private static Money? U(decimal amount) => Usd(amount);

    private static RatedCharge Charge(decimal unitPrice, decimal hours) =>
        new("H100 on-demand GPU time", "gpu-time", "H100/on-demand", "H100", "usage", null, "rc-standard", 3,
            hours, "GPU-hour", unitPrice, hours * unitPrice, hours * 3600m);
}
