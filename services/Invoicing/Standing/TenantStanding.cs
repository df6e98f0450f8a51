namespace Invoicing.Standing;

/// <summary>
/// A tenant's standing as the API shows it and schedulers poll it: written at every review, so a
/// read is one document. Amounts are in <see cref="Currency"/>, as decimal strings on the wire.
/// </summary>
/// <param name="Status">"ok", "low", "depleted" or "over-limit".</param>
/// <param name="Balance">Credit left once what is rated and estimated is drawn; null for a tenant without credit, which is billed on its invoice.</param>
/// <param name="PeriodCharges">The current period's charges before tax, rated and estimated, as the spend limit counts them.</param>
/// <param name="BurnRatePerHour">Charges before tax per hour at the latest usage metered.</param>
/// <param name="UsageThrough">The latest second of usage these figures include.</param>
/// <param name="RatingVersion">The rating of the current period counted; <paramref name="EstimateVersion"/> the rating the counted estimate adds to, null where none counts.</param>
/// <param name="Version">The standing stream's version: where its last change of status is.</param>
public sealed record TenantStanding(
    string TenantId,
    string Status,
    string Currency,
    decimal? Balance,
    decimal? Promotional,
    decimal? Purchased,
    decimal? BurnRatePerHour,
    DateTimeOffset? ProjectedDepletion,
    DateTimeOffset? UsageThrough,
    DateTimeOffset PeriodStart,
    decimal PeriodCharges,
    decimal? SpendLimit,
    decimal? LowBalance,
    decimal? LowHours,
    long RatingVersion,
    long? EstimateVersion,
    DateTimeOffset ReviewedAt,
    long Version)
{
    public static TenantStanding Of(string tenantId, StandingFigures figures, StandingState? state, long version, DateTimeOffset now)
    {
        var thresholds = state?.Thresholds ?? StandingThresholds.None;
        return new TenantStanding(tenantId, StatusText(state?.Status ?? StandingStatus.Ok), figures.Currency.Code,
            figures.Balance?.Amount, figures.Promotional?.Amount, figures.Purchased?.Amount, figures.BurnRatePerHour, figures.ProjectedDepletion,
            figures.UsageThrough, figures.PeriodStart, figures.PeriodCharges.Amount, thresholds.SpendLimit, thresholds.LowBalance, thresholds.LowHours,
            figures.RatingVersion, figures.EstimateVersion, now, version);
    }

    public static string StatusText(StandingStatus status) => status switch
    {
        StandingStatus.Ok => "ok",
        StandingStatus.Low => "low",
        StandingStatus.Depleted => "depleted",
        StandingStatus.OverLimit => "over-limit",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

/// <summary>A page of the tenants whose standing is not ok, in tenant order; <see cref="Next"/> reads the one after it and is null on the last.</summary>
public sealed record StandingPage(IReadOnlyList<TenantStanding> Standings, string? Next);
