namespace Metering.Contracts;

/// <summary>
/// What a tenant's open period will cost once the usage metering has recorded but not yet sealed
/// is rated: pricing's provisional figure on top of the rating at <see cref="TotalsVersion"/>, for
/// the live standing. Sealing lags a GPU-second by five minutes and more; a prepaid cloud cannot
/// wait that long to stop a tenant whose credit ran out.
/// </summary>
/// <remarks>
/// The estimate adds only to the rating it names: a consumer that already holds a newer rating
/// (a higher <see cref="TotalsVersion"/>) must not add it, because seconds sealed since may be in
/// both. Published contract: MassTransit routes by full type name, so evolve it additively.
/// </remarks>
public sealed record ChargesEstimated
{
    public required string TenantId { get; init; }

    /// <summary>Inclusive UTC start of the period, as in <see cref="PeriodRated.PeriodStart"/>.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    public required DateTimeOffset PeriodEnd { get; init; }

    public required string CurrencyCode { get; init; }

    /// <summary>The accrual stream's version of the rating the estimate adds to (<see cref="PeriodRated.TotalsVersion"/>; 0 before any accrual).</summary>
    public required long TotalsVersion { get; init; }

    /// <summary>
    /// The charges the unsealed GPU-seconds add, exact and unrounded, before tax: the rating of
    /// the totals with them less the rating without. Never more than the exact charges will add
    /// once they are sealed and rated, so the standing is never worse than the truth.
    /// </summary>
    public required decimal UnsealedCharges { get; init; }

    public required long UnsealedGpuSeconds { get; init; }

    /// <summary>The latest second of the tenant's usage the estimate (rated or unsealed) includes; null while there is none.</summary>
    public DateTimeOffset? UsageThrough { get; init; }

    /// <summary>Currency per hour, before tax, at the tenant's usage of the latest window metering recorded.</summary>
    public required decimal BurnRatePerHour { get; init; }

    public required DateTimeOffset EstimatedAt { get; init; }
}
