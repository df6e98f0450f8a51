using System.Globalization;
using GpuBilling.Money;
using GpuBilling.Periods;
using Invoicing.Periods;
using Invoicing.Invoices;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Invoices;

/// <summary>
/// What an accountant checks a line by: the exact GPU-seconds, the GPU-hours to six places, and
/// how the amount follows from them. Each charge is built as pricing builds it (quantity = seconds
/// ÷ 3600, amount = seconds × price ÷ 3600, unrounded), written by the finalizing decision, and
/// every figure expected is computed here from the same inputs.
/// </summary>
public class LineFiguresTests
{
    [Fact]
    public void A_per_second_line_shows_its_exact_seconds_hours_to_six_places_and_the_product_that_rounds_to_its_amount()
    {
        const decimal seconds = 1300m, price = 2.50m;

        var (line, figures) = Written(GpuTime("H100 on-demand GPU time", seconds, price));

        var unrounded = seconds * price / 3600m;
        Assert.Equal("0.3611111111111111111111111111", Text(line.Quantity));
        Assert.Equal(((decimal?)seconds, "0.361111"), (figures.Seconds, figures.Hours!.Value.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal((LineMethod.PerSecond, unrounded), (figures.Calculation.Method, figures.Calculation.UnroundedAmount));
        Assert.Equal(Math.Round(unrounded, 2, MidpointRounding.ToEven), line.Amount.Amount);
        Assert.Equal(
            $"1300 GPU-seconds × 2.5 USD per GPU-hour ÷ 3600 = {Text(unrounded)} USD, rounded half to even to 0.01 USD: 0.90 USD.",
            figures.Calculation.Explanation);
    }

    [Fact]
    public void A_line_a_cent_away_from_its_hours_as_shown_times_the_unit_price_says_the_amount_comes_from_the_exact_seconds()
    {
        // 3602 s at 45 an hour is exactly 45.025 (half a cent, rounded to even: 45.02); 1.000556 h × 45 is 45.02502 (45.03).
        const decimal seconds = 3602m, price = 45m;

        var (line, figures) = Written(GpuTime("H100 on-demand GPU time", seconds, price));

        var unrounded = seconds * price / 3600m;
        var shownHours = Math.Round(seconds / 3600m, 6, MidpointRounding.ToEven);
        var fromShown = Math.Round(shownHours * price, 2, MidpointRounding.ToEven);
        Assert.Equal(Math.Round(unrounded, 2, MidpointRounding.ToEven) + 0.01m, fromShown);
        Assert.Equal((Math.Round(unrounded, 2, MidpointRounding.ToEven), (decimal?)shownHours), (line.Amount.Amount, figures.Hours));
        Assert.Equal(
            $"3602 GPU-seconds × 45 USD per GPU-hour ÷ 3600 = {Text(unrounded)} USD, rounded half to even to 0.01 USD: 45.02 USD."
            + $" The hours shown ({Text(shownHours)}, to 6 places) × 45 = {Text(shownHours * price)} would round to {Text(fromShown)}:"
            + " the amount is computed from the exact seconds, not from the rounded hours.",
            figures.Calculation.Explanation);
    }

    [Fact]
    public void A_graduated_tier_line_says_which_band_its_seconds_fall_in_and_its_flat_fee_what_it_is()
    {
        // 150 GPU-hours and 20 minutes under a card graduated at 100 GPU-hours: the second band holds 50 h 20 min.
        const decimal inBand = 50m * 3600m + 1200m, price = 1.99m, fee = 15m;
        const string band = "over 100 up to 500 GPU-hours";

        var lines = Written(
            GpuTime($"GPU time H100/on-demand, graduated tier 2 ({band})", inBand, price),
            new ChargeLine("Flat fee H100/on-demand, graduated tier 2", "gpu-time", "H100/on-demand", 1m, "each", Usd(fee), Usd(fee), Lineage(null)));

        var (tier, tierFigures) = lines.Single(l => l.Line.Unit == "GPU-hour");
        var unrounded = inBand * price / 3600m;
        Assert.Equal(((decimal?)inBand, (decimal?)Math.Round(inBand / 3600m, 6, MidpointRounding.ToEven)), (tierFigures.Seconds, tierFigures.Hours));
        Assert.Equal((LineMethod.GraduatedTier, unrounded), (tierFigures.Calculation.Method, tierFigures.Calculation.UnroundedAmount));
        Assert.Equal(
            $"The GPU-seconds in graduated tier 2 ({band}), at that tier's price: 181200 GPU-seconds × 1.99 USD per GPU-hour ÷ 3600 = {Text(unrounded)} USD, "
            + $"rounded half to even to 0.01 USD: {tier.Amount.ToAmountString()} USD.",
            tierFigures.Calculation.Explanation);

        var (_, feeFigures) = lines.Single(l => l.Line.Unit == "each");
        Assert.Equal(((decimal?)null, (decimal?)null, LineMethod.TierFlatFee, fee), (feeFigures.Seconds, feeFigures.Hours, feeFigures.Calculation.Method, feeFigures.Calculation.UnroundedAmount));
        Assert.Equal("The flat fee of the tier named, charged once a period: 15 USD, rounded half to even to 0.01 USD: 15.00 USD.", feeFigures.Calculation.Explanation);
    }

    [Fact]
    public void A_volume_tier_line_in_yen_prices_all_its_seconds_at_the_tier_reached_and_rounds_to_the_whole_yen()
    {
        const decimal seconds = 2_000_000m, price = 300m;
        var account = Account(tenant: "yen", currency: "JPY", zone: "Asia/Tokyo", taxRate: null);
        var period = BillingPeriod.Containing(At("2025-03-15T12:00:00Z"), account);
        var yen = Currency.Of("JPY");
        var charge = new ChargeLine("GPU time H100/on-demand, volume tier 3 (over 500 GPU-hours)", "gpu-time", "H100/on-demand", seconds / 3600m, "GPU-hour",
            new Money(price, yen), new Money(seconds * price / 3600m, yen), Lineage(seconds));

        var line = Assert.Single(Finalized(period, [charge], "JP-2025-000001", account).Issued().Lines);
        var figures = LineFigures.Of(line);

        var unrounded = seconds * price / 3600m;
        Assert.Equal((Math.Round(unrounded, 0, MidpointRounding.ToEven), (decimal?)Math.Round(seconds / 3600m, 6, MidpointRounding.ToEven)), (line.Amount.Amount, figures.Hours));
        Assert.Equal((LineMethod.VolumeTier, unrounded), (figures.Calculation.Method, figures.Calculation.UnroundedAmount));
        Assert.Equal(
            "All these GPU-seconds at the price of volume tier 3 (over 500 GPU-hours), the tier the period's total reached: "
            + $"2000000 GPU-seconds × 300 JPY per GPU-hour ÷ 3600 = {Text(unrounded)} JPY, rounded half to even to 1 JPY: 166667 JPY.",
            figures.Calculation.Explanation);
    }

    [Fact]
    public void A_commitments_shortfall_lines_say_how_the_minimum_was_made_up()
    {
        // 100 GPU-hours committed at 15 % off a list price of 2.50, 1234 s used: the rest at 2.125 an hour.
        const decimal committed = 100m * 3600m, used = 1234m, listPrice = 2.50m, keep = 85m;
        var unused = committed - used;
        var hoursShortfall = new ChargeLine(
            "Committed GPU-hours shortfall H100/on-demand (100 GPU-hours committed)", "commitment-shortfall", "H100/on-demand",
            unused / 3600m, "GPU-hour", Usd(listPrice * keep / 100m), Usd(unused * listPrice * keep / (3600m * 100m)), Lineage(null));
        // A committed spend of 500 less discounted usage of 487.6544: the shortfall is exact to four places.
        var spendShortfall = new ChargeLine(
            "Committed spend shortfall (500 USD committed)", "commitment-shortfall", "commitment-shortfall",
            1m, "each", Usd(500m - 487.6544m), Usd(500m - 487.6544m), Lineage(null));

        var lines = Written(hoursShortfall, spendShortfall);

        var (hours, hoursFigures) = lines.Single(l => l.Line.Unit == "GPU-hour");
        var unrounded = unused * (listPrice * keep / 100m) / 3600m;
        Assert.Equal(((decimal?)unused, LineMethod.CommittedHoursShortfall, unrounded), (hoursFigures.Seconds, hoursFigures.Calculation.Method, hoursFigures.Calculation.UnroundedAmount));
        Assert.Equal(Math.Round(unrounded, 2, MidpointRounding.ToEven), hours.Amount.Amount);
        Assert.StartsWith(
            $"The committed GPU-hours not used, at the list price less the commitment's discount: 358766 GPU-seconds × 2.125 USD per GPU-hour ÷ 3600 = {Text(unrounded)} USD, "
            + $"rounded half to even to 0.01 USD: {hours.Amount.ToAmountString()} USD.",
            hoursFigures.Calculation.Explanation);

        var (spend, spendFigures) = lines.Single(l => l.Line.Unit == "each");
        Assert.Equal(((decimal?)null, (decimal?)null, LineMethod.SpendShortfall, 12.3456m), (spendFigures.Seconds, spendFigures.Hours, spendFigures.Calculation.Method, spendFigures.Calculation.UnroundedAmount));
        Assert.Equal("12.35", spend.Amount.ToAmountString());
        Assert.Equal(
            "The committed spend less the covered GPU-time charges after the discount, from their unrounded amounts: 12.3456 USD, rounded half to even to 0.01 USD: 12.35 USD. "
            + "Those lines are rounded one by one, so the shortfall can be a minor unit away from the same sum of their printed amounts.",
            spendFigures.Calculation.Explanation);
    }

    [Fact]
    public void A_line_whose_amount_its_figures_do_not_give_is_said_to_be_as_rated_rather_than_explained()
    {
        var odd = GpuTime("H100 on-demand GPU time", 3600m, 2m) with { Amount = Usd(3m) };

        var (_, figures) = Written(odd);

        Assert.Equal((LineMethod.QuantityTimesPrice, 3m), (figures.Calculation.Method, figures.Calculation.UnroundedAmount));
        Assert.Equal("3.00 USD as rated; 1 GPU-hour × 2 would give 2.", figures.Calculation.Explanation);
    }

    /// <summary>A GPU-time charge as pricing's rating writes it.</summary>
    private static ChargeLine GpuTime(string description, decimal seconds, decimal pricePerGpuHour) =>
        new(description, "gpu-time", "H100/on-demand", seconds / 3600m, "GPU-hour",
            Usd(pricePerGpuHour), Usd(seconds * pricePerGpuHour / 3600m), Lineage(seconds));

    private static ChargeLineage Lineage(decimal? seconds) => new("rc-standard", 3, "H100", [], "acme@2025-03-01T05:00Z", 7, seconds);

    private static (InvoiceLine Line, LineFigures Figures) Written(ChargeLine charge) => Written([charge]).Single();

    private static List<(InvoiceLine Line, LineFigures Figures)> Written(params ChargeLine[] charges) =>
        [.. Finalized(March, charges, "US-2025-000042").Issued().Lines.Select(l => (l, LineFigures.Of(l)))];

    private static string Text(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
