using GpuBilling.HashChains;
using GpuBilling.Money;
using Invoicing.Audit;

namespace Invoicing.Standing;

/// <summary>
/// An event of one tenant's standing stream (<see cref="StandingKey"/>): what the tenant or an
/// operator set, each change of state and what caused it, and the notices sent about its credit.
/// Chained to the one before it like every other stream of invoicing's.
/// </summary>
public abstract record StandingEvent(string TenantId, DateTimeOffset OccurredAt, Actor CausedBy) : ChainedEvent;

/// <summary>Where a tenant stands, from best to worst; a standing is the worst that holds.</summary>
public enum StandingStatus
{
    Ok,

    /// <summary>Credit left below the threshold set, in money or in hours of the current burn.</summary>
    Low,

    /// <summary>The period's charges before tax reached the spend limit set.</summary>
    OverLimit,

    /// <summary>Every credit in force is spent (or counted as spent by what is metered but not yet drawn).</summary>
    Depleted,
}

/// <summary>
/// The thresholds a tenant (or an operator for it) set, all at once: what is absent is not set.
/// Amounts are in the billing account's currency <paramref name="CurrencyCode"/>.
/// </summary>
/// <param name="LowBalance">Credit left below it is <see cref="StandingStatus.Low"/>.</param>
/// <param name="LowHours">Credit left for fewer hours of the current burn is <see cref="StandingStatus.Low"/>.</param>
/// <param name="SpendLimit">The period's charges before tax reaching it is <see cref="StandingStatus.OverLimit"/>.</param>
public sealed record StandingThresholdsSet(
    string TenantId,
    string CurrencyCode,
    decimal? LowBalance,
    decimal? LowHours,
    decimal? SpendLimit,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : StandingEvent(TenantId, OccurredAt, CausedBy);

/// <summary>
/// The tenant's standing changed from <paramref name="From"/> to <paramref name="To"/>, because of
/// <paramref name="Cause"/> (a rating, an estimate, a grant, thresholds set, a new period), with
/// the figures it was judged on, so an auditor sees when and why a tenant was depleted.
/// </summary>
/// <param name="Balance">Credit left after what the period's charges would draw; null for a tenant without credit.</param>
/// <param name="PeriodCharges">The current period's charges before tax, rated and estimated, as the spend limit counts them.</param>
/// <param name="UsageThrough">The latest second of usage the figures include.</param>
/// <param name="Grants">How many grants the tenant had been made: leaving <see cref="StandingStatus.Depleted"/> takes one more.</param>
/// <param name="PeriodStart">The period the spend limit was judged in: leaving <see cref="StandingStatus.OverLimit"/> takes another (or new thresholds).</param>
public sealed record StandingChanged(
    string TenantId,
    StandingStatus From,
    StandingStatus To,
    string Cause,
    Money? Balance,
    Money PeriodCharges,
    DateTimeOffset? UsageThrough,
    int Grants,
    DateTimeOffset PeriodStart,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : StandingEvent(TenantId, OccurredAt, CausedBy);

/// <summary>
/// The tenant was told that grant <paramref name="GrantId"/>, with <paramref name="Unused"/> left,
/// expires at <paramref name="ExpiresAt"/>: once per grant.
/// </summary>
public sealed record CreditExpiryNoticed(
    string TenantId,
    string GrantId,
    Money Unused,
    DateTimeOffset ExpiresAt,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : StandingEvent(TenantId, OccurredAt, CausedBy);
