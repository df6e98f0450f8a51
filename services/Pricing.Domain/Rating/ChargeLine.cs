using GpuBilling.Money;
using Pricing.RateCards;

namespace Pricing.Rating;

/// <summary>
/// One charge of a billing period, traceable to the rate card version and price key that set it.
/// <see cref="Amount"/> and <see cref="UnitPrice"/> are exact and unrounded: rating never rounds.
/// Invoicing rounds each line once, with <see cref="Money.RoundToMinorUnit"/> (half to even at
/// the currency's minor unit), when it writes the line, and an invoice's total is the sum of
/// its rounded lines, so the lines printed always add up to the total printed.
/// </summary>
/// <param name="Meter">The meter the line charges (<see cref="Meters"/>); null for charges no meter measures (reserved GPUs, commitments).</param>
/// <param name="PriceKey">The price key charged; null for reserved GPUs and spend commitments, which are not per key.</param>
/// <param name="RateCardVersion">The version whose terms set the line.</param>
/// <param name="Quantity">In <see cref="Unit"/>: GPU-hours, kWh, reserved GPUs, or 1 for a fee.</param>
/// <param name="Kind">What sort of charge it is (<see cref="ChargeKinds"/>).</param>
/// <param name="Tier">1-based tier of a tiered rate; null otherwise.</param>
/// <param name="MeterQuantity">
/// The same quantity in the meter's own unit, exactly as accrued (GPU-seconds, joules), so
/// invoiced quantities reconcile with accrued ones without dividing by 3,600; null for lines that
/// charge no metered quantity (fees, reserved GPUs, commitments).
/// </param>
public sealed record ChargeLine(
    string Description,
    string? Meter,
    PriceKey? PriceKey,
    string RateCardId,
    int RateCardVersion,
    decimal Quantity,
    string Unit,
    Money UnitPrice,
    Money Amount,
    string Kind,
    int? Tier,
    decimal? MeterQuantity);

public static class ChargeKinds
{
    /// <summary>A meter's quantity at its price (per tier where tiered).</summary>
    public const string Usage = "usage";

    /// <summary>The flat fee of a tier reached.</summary>
    public const string FlatFee = "flat-fee";

    public const string ReservedGpus = "reserved-gpus";

    /// <summary>The commitment's discount on GPU-time usage: a negative amount.</summary>
    public const string CommitmentDiscount = "commitment-discount";

    /// <summary>What the period's discounted usage fell short of the commitment.</summary>
    public const string CommitmentShortfall = "commitment-shortfall";
}

public static class Units
{
    public const string GpuHour = "GPU-hour";
    public const string KilowattHour = "kWh";
    public const string ReservedGpu = "reserved GPU";
    public const string Each = "each";
}
