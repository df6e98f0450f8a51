namespace Metering.Contracts;

/// <summary>
/// A tenant's billing period as pricing has rated it so far: every charge computed from the
/// period's accrued totals at <see cref="TotalsVersion"/>. Totals only grow, so the message with
/// the highest version says everything; invoicing keeps that one and ignores older ones.
/// Amounts are exact and unrounded decimals (never binary floating point): invoicing rounds
/// each line once, when it writes it.
/// </summary>
/// <remarks>Published contract: MassTransit routes by full type name, so evolve it additively.</remarks>
public sealed record PeriodRated
{
    public required string TenantId { get; init; }

    /// <summary>Inclusive UTC instant of the period's start: local midnight of its anchor day in the tenant's zone.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Exclusive UTC instant of its end.</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Pricing's accrual stream of the period: each of its events names the ledger event it accrued.</summary>
    public required string AccrualStream { get; init; }

    /// <summary>The accrual stream's version the charges were rated from.</summary>
    public required long TotalsVersion { get; init; }

    public required string RateCardId { get; init; }

    public required string CurrencyCode { get; init; }

    /// <summary>GPU-seconds as metered (before increments and minimums): what reconciles with the usage ledger.</summary>
    public required long MeteredGpuSeconds { get; init; }

    /// <summary>
    /// The GPU-seconds the GPU-time charges bill (after increments and minimums): the sum of their
    /// <see cref="RatedCharge.MeterQuantity"/>, stated on its own so invoicing can tell a charge lost
    /// on the way from one never rated. Absent (0) from ratings published before it existed: such a
    /// rating holds its invoice until the period is rated again.
    /// </summary>
    public decimal BillableGpuSeconds { get; init; }

    /// <summary>The ledger events accrued into the period so far.</summary>
    public required long LedgerEvents { get; init; }

    /// <summary>The first and last second of usage accrued (null while none is).</summary>
    public DateTimeOffset? FirstSecond { get; init; }

    public DateTimeOffset? LastSecond { get; init; }

    public required IReadOnlyList<RatedCharge> Charges { get; init; }

    public required DateTimeOffset RatedAt { get; init; }
}

/// <summary>
/// One charge of a period, unrounded, traceable to the rate card version and price key that set it.
/// </summary>
/// <param name="Meter">"gpu-time" or "energy"; null for charges no meter measures (reserved GPUs, commitments).</param>
/// <param name="PriceKey">"model/class" or "model/profile/class"; null for reserved GPUs and spend commitments.</param>
/// <param name="Kind">"usage", "flat-fee", "reserved-gpus", "commitment-discount" or "commitment-shortfall".</param>
/// <param name="MeterQuantity">The quantity in the meter's own unit (billable GPU-seconds, joules); null for fees.</param>
public sealed record RatedCharge(
    string Description,
    string? Meter,
    string? PriceKey,
    string? GpuModel,
    string Kind,
    int? Tier,
    string RateCardId,
    int RateCardVersion,
    decimal Quantity,
    string Unit,
    decimal UnitPrice,
    decimal Amount,
    decimal? MeterQuantity);
