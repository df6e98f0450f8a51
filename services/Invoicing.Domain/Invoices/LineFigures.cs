using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using GpuBilling.Money;

namespace Invoicing.Invoices;

/// <summary>How a line's amount was computed from its quantity and unit price.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LineMethod>))]
public enum LineMethod
{
    /// <summary>GPU-seconds × price per GPU-hour ÷ 3600.</summary>
    PerSecond,

    /// <summary>The seconds of a graduated tier's band × that tier's price per GPU-hour ÷ 3600.</summary>
    GraduatedTier,

    /// <summary>All the seconds × the price of the volume tier the period's total reached, ÷ 3600.</summary>
    VolumeTier,

    /// <summary>A tier's flat fee, once a period.</summary>
    TierFlatFee,

    /// <summary>Joules × price per kWh ÷ 3,600,000.</summary>
    Energy,

    /// <summary>Reserved GPUs × price per GPU per period.</summary>
    ReservedGpus,

    /// <summary>A commitment's discount: a percentage of the unrounded charges it covers.</summary>
    CommitmentDiscount,

    /// <summary>What the discounted charges fell short of a committed spend, from unrounded amounts.</summary>
    SpendShortfall,

    /// <summary>Committed GPU-seconds not used × the committed price per GPU-hour ÷ 3600.</summary>
    CommittedHoursShortfall,

    /// <summary>Late usage: an earlier period's charge re-rated, minus what was invoiced for it.</summary>
    LateUsage,

    /// <summary>Quantity × unit price, for a charge no rule above describes.</summary>
    QuantityTimesPrice,
}

/// <summary>
/// How a line's amount follows from its figures, in words an accountant can check:
/// <paramref name="UnroundedAmount"/> (without trailing zeros) rounds to the line's amount.
/// </summary>
public sealed record LineCalculation(
    LineMethod Method,
    [property: Description("The amount before rounding, as the method computes it from the line's figures (28 significant digits at most, no trailing zeros).")] decimal UnroundedAmount,
    [property: Description("How the amount follows, in words and figures: the multiplication, the rounding rule, and why hours to six places × the unit price may round a minor unit away.")] string Explanation);

/// <summary>
/// What every document shows of a line beside its stored figures, derived from them alone (stored
/// lines keep their shape): the exact GPU-seconds and the GPU-hours to <see cref="HourPlaces"/>
/// places of a line in GPU-hours (null for other units), and how its amount was computed.
/// </summary>
/// <remarks>
/// A line's quantity is GPU-hours as rating divided them (seconds ÷ 3600, up to 28 digits) and its
/// amount was computed from the exact seconds, not from hours rounded for display: hours to six
/// places × the unit price can round a minor unit away from the amount, and the explanation says so
/// where it does. The seconds are the rated meter quantity where the line carries it; otherwise
/// (commitment shortfalls, late-usage adjustments, lines written before it was kept) the quantity ×
/// 3600 rounded to <see cref="HourPlaces"/> places, which gives the seconds back exactly: rating
/// divided whole seconds, and its division is off only in the twentieth place and beyond.
/// </remarks>
public sealed record LineFigures(decimal? Seconds, decimal? Hours, LineCalculation Calculation)
{
    public const int HourPlaces = 6;

    public const string SecondsDescription =
        "The exact GPU-seconds of a line in GPU-hours (negative on a late-usage adjustment that takes some back); null for other units.";

    public const string HoursDescription =
        "The GPU-hours of a line in GPU-hours, rounded half to even to six places and written with six; null for other units. For reading only: the amount is computed from the seconds.";

    private const decimal SecondsPerHour = 3600m;
    private const decimal JoulesPerKWh = 3_600_000m;

    // Pricing's descriptions name the tier: "GPU time H100/on-demand, graduated tier 2 (over 100 up to 500 GPU-hours)".
    private static readonly Regex Tier = new(@"(graduated|volume) tier (\d+) \(([^)]*)\)", RegexOptions.CultureInvariant);

    public static LineFigures Of(InvoiceLine line)
    {
        var inHours = line.Unit == "GPU-hour";
        decimal? seconds = !inHours ? null
            : line.Adjusts is null && line.Lineage.MeterQuantity is { } rated ? Trimmed(rated)
            : Trimmed(Math.Round(line.Quantity * SecondsPerHour, HourPlaces, MidpointRounding.ToEven));
        // Adding a zero of scale six writes every figure with six places ("1.500000"), as a fixed-width column reads.
        decimal? hours = inHours ? Math.Round(line.Quantity, HourPlaces, MidpointRounding.ToEven) + 0.000000m : null;
        return new LineFigures(seconds, hours, CalculationOf(line, seconds, hours));
    }

    private static LineCalculation CalculationOf(InvoiceLine line, decimal? seconds, decimal? hours)
    {
        var price = line.UnitPrice.Amount;
        var currency = line.Amount.Currency;
        if (line.Adjusts is { } adjusts)
            return new(LineMethod.LateUsage, Trimmed(line.Amount.Amount),
                $"Late usage of {adjusts.Period} billed here: the charge re-rated with the late usage, rounded as its line would have been written, "
                + $"minus what invoice {adjusts.InvoiceNumber} and any adjustment since billed for it: {Amount(line.Amount)}. "
                + $"The quantity is the difference too{(seconds is { } s ? $" ({Text(s)} GPU-seconds)" : "")}.");

        if (seconds is { } gpuSeconds)
        {
            var unrounded = gpuSeconds * price / SecondsPerHour;
            var tier = Tier.Match(line.Description);
            var (method, what) = (line.Meter, tier.Success ? tier.Groups[1].Value : null) switch
            {
                ("commitment-shortfall", _) => (LineMethod.CommittedHoursShortfall, "The committed GPU-hours not used, at the list price less the commitment's discount: "),
                (_, "graduated") => (LineMethod.GraduatedTier, $"The GPU-seconds in graduated tier {tier.Groups[2].Value} ({tier.Groups[3].Value}), at that tier's price: "),
                (_, "volume") => (LineMethod.VolumeTier,
                    $"All these GPU-seconds at the price of volume tier {tier.Groups[2].Value} ({tier.Groups[3].Value}), the tier the period's total reached: "),
                _ => (LineMethod.PerSecond, ""),
            };
            var text = $"{what}{Text(gpuSeconds)} GPU-seconds × {Text(price)} {currency} per GPU-hour ÷ 3600 = {Text(unrounded)} {currency}, {Rounded(line.Amount)}.";
            if (hours is { } shown && RoundedLike(shown * price, line.Amount) is var fromShown && fromShown != line.Amount.Amount)
                text += $" The hours shown ({Text(shown)}, to {HourPlaces} places) × {Text(price)} = {Text(shown * price)} would round to {Text(fromShown)}: "
                        + "the amount is computed from the exact seconds, not from the rounded hours.";
            return Checked(line, method, unrounded, text);
        }

        return line.Meter switch
        {
            "energy" when line.Lineage.MeterQuantity is { } joules =>
                Checked(line, LineMethod.Energy, joules * price / JoulesPerKWh,
                    $"{Text(joules)} joules × {Text(price)} {currency} per kWh ÷ 3600000 = {Text(joules * price / JoulesPerKWh)} {currency}, {Rounded(line.Amount)}."),
            "energy" => Checked(line, LineMethod.Energy, line.Quantity * price,
                $"{Text(line.Quantity)} kWh × {Text(price)} {currency} per kWh = {Text(line.Quantity * price)} {currency}, {Rounded(line.Amount)}."),
            "gpu-time" => Checked(line, LineMethod.TierFlatFee, line.Quantity * price,
                $"The flat fee of the tier named, charged once a period: {Text(line.Quantity * price)} {currency}, {Rounded(line.Amount)}."),
            "reserved-gpus" => Checked(line, LineMethod.ReservedGpus, line.Quantity * price,
                $"{Text(line.Quantity)} reserved GPUs × {Text(price)} {currency} per GPU for the period = {Text(line.Quantity * price)} {currency}, {Rounded(line.Amount)}."),
            "commitment-discount" => Checked(line, LineMethod.CommitmentDiscount, line.Quantity * price,
                $"The commitment's discount on the GPU-time charges it covers, taken from their unrounded amounts: {Text(line.Quantity * price)} {currency}, "
                + $"{Rounded(line.Amount)}. Those lines are rounded one by one, so the discount can be a minor unit away from the percentage of their printed amounts."),
            "commitment-shortfall" => Checked(line, LineMethod.SpendShortfall, line.Quantity * price,
                $"The committed spend less the covered GPU-time charges after the discount, from their unrounded amounts: {Text(line.Quantity * price)} {currency}, "
                + $"{Rounded(line.Amount)}. Those lines are rounded one by one, so the shortfall can be a minor unit away from the same sum of their printed amounts."),
            _ => Checked(line, LineMethod.QuantityTimesPrice, line.Quantity * price,
                $"{Text(line.Quantity)} {line.Unit} × {Text(price)} {currency} = {Text(line.Quantity * price)} {currency}, {Rounded(line.Amount)}."),
        };
    }

    /// <summary>The rule as stated, unless the unrounded amount it gives does not round to the line's amount: then the line is said to be as rated, not explained.</summary>
    private static LineCalculation Checked(InvoiceLine line, LineMethod method, decimal unrounded, string explanation) =>
        RoundedLike(unrounded, line.Amount) == line.Amount.Amount
            ? new(method, Trimmed(unrounded), explanation)
            : new(LineMethod.QuantityTimesPrice, Trimmed(line.Amount.Amount),
                $"{Amount(line.Amount)} as rated; {Text(line.Quantity)} {line.Unit} × {Text(line.UnitPrice.Amount)} would give {Text(line.Quantity * line.UnitPrice.Amount)}.");

    private static decimal RoundedLike(decimal amount, Money line) => new Money(amount, line.Currency).RoundToMinorUnit().Amount;

    private static string Rounded(Money amount) =>
        $"rounded half to even to {Text(new decimal(1, 0, 0, false, (byte)amount.Currency.MinorUnits))} {amount.Currency}: {Amount(amount)}";

    private static string Amount(Money amount) => $"{amount.ToAmountString()} {amount.Currency}";

    private static decimal Trimmed(decimal value) => decimal.Parse(Text(value), CultureInfo.InvariantCulture);

    private static string Text(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
