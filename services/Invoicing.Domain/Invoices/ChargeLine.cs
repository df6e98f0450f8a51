using System.Text.Json.Serialization;
using GpuBilling.Money;

namespace Invoicing.Invoices;

/// <summary>
/// One charge of a period as rating computed it from the period's totals: the input invoicing
/// turns into an invoice line. Never rounded here; the invoice rounds it once, when it is written.
/// </summary>
/// <param name="Meter">What is measured: "gpu-time", "energy", "commitment", "reserved".</param>
/// <param name="PriceKey">Which price of the rate card applied ("H100/on-demand").</param>
/// <param name="Unit">The unit of <paramref name="Quantity"/>: "GPU-hour", "kWh", "month".</param>
/// <param name="UnitPrice">Price per unit, unrounded.</param>
/// <param name="Amount">The charge, unrounded.</param>
public sealed record ChargeLine(
    string Description,
    string Meter,
    string PriceKey,
    decimal Quantity,
    string Unit,
    Money UnitPrice,
    Money Amount,
    ChargeLineage Lineage)
{
    [JsonIgnore]
    public ChargeKey Key => ChargeKey.Of(this);
}

/// <summary>What a line charges for, so an auditor can go from it to the seconds behind it.</summary>
/// <param name="Usage">
/// The usage ledger streams and time ranges the quantity was rated from, where the rater names them
/// (none for a fixed charge, none for a charge rated from a period's totals).
/// </param>
/// <param name="AccrualStream">
/// Pricing's accrual stream of the period, for a charge rated from the period's totals: each of its
/// events names the ledger event it accrued, so that stream, read up to <paramref name="TotalsVersion"/>,
/// is the path from the charge to its seconds. Rating does not say which ledger ranges each such
/// charge covers (a tier or a commitment spans all of them), so <paramref name="Usage"/> stays empty
/// rather than claim ranges nobody gave.
/// </param>
/// <param name="TotalsVersion">The accrual stream's version the charge was rated at.</param>
/// <param name="MeterQuantity">
/// The quantity in the meter's own unit as rated (billable GPU-seconds, joules): what the invoice's
/// side of the completeness check adds up, without dividing GPU-hours back by 3,600. Null for
/// charges no meter measures (fees, reserved GPUs, commitments), for late-usage adjustments (they
/// charge a difference) and on lines written before it existed.
/// </param>
public sealed record ChargeLineage(
    string RateCardId,
    int RateCardVersion,
    string? GpuModel,
    IReadOnlyList<UsageSource> Usage,
    string? AccrualStream = null,
    long? TotalsVersion = null,
    decimal? MeterQuantity = null);

/// <summary>A usage ledger stream (node-hour key, "node-7@2025-03-01T05Z") and the part of it rated: <c>[From, To)</c>.</summary>
public sealed record UsageSource(string LedgerStreamKey, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// What makes two charges "the same charge" across a re-rating: the same price of the same rate
/// card version, in the same unit. Late usage is adjusted per key.
/// </summary>
public sealed record ChargeKey(string Meter, string PriceKey, string Unit, string RateCardId, int RateCardVersion) : IComparable<ChargeKey>
{
    public static ChargeKey Of(ChargeLine line) =>
        new(line.Meter, line.PriceKey, line.Unit, line.Lineage.RateCardId, line.Lineage.RateCardVersion);

    public static ChargeKey Of(InvoiceLine line) =>
        new(line.Meter, line.PriceKey, line.Unit, line.Lineage.RateCardId, line.Lineage.RateCardVersion);

    public int CompareTo(ChargeKey? other)
    {
        if (other is null) return 1;
        int c;
        if ((c = string.CompareOrdinal(Meter, other.Meter)) != 0) return c;
        if ((c = string.CompareOrdinal(PriceKey, other.PriceKey)) != 0) return c;
        if ((c = string.CompareOrdinal(Unit, other.Unit)) != 0) return c;
        if ((c = string.CompareOrdinal(RateCardId, other.RateCardId)) != 0) return c;
        return RateCardVersion.CompareTo(other.RateCardVersion);
    }

    public override string ToString() => $"{Meter}/{PriceKey} ({Unit}, {RateCardId} v{RateCardVersion})";
}
