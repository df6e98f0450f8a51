using GpuBilling.HashChains;
using Invoicing.Audit;
using Invoicing.Standing;

namespace Invoicing.Thresholds;

/// <summary>
/// Usage thresholds were set at or below what the period <paramref name="PeriodStart"/> had already
/// reached (<see cref="ThresholdCrossings.WhenSet"/>): no rating will cross them, so partners are told
/// of each from this event. On the tenant's standing stream, beside the other levels a tenant sets,
/// so the telling leaves through the stored event and not a publish after the save.
/// </summary>
/// <param name="PeriodStart">The period's first instant (UTC), which a crossing's id is made from.</param>
/// <param name="CurrencyCode">The billing account's, which spend is in.</param>
public sealed record UsageThresholdsReached(
    string TenantId,
    DateTimeOffset PeriodStart,
    DateOnly LocalStart,
    DateOnly LocalEnd,
    string CurrencyCode,
    IReadOnlyList<ThresholdCrossing> Crossings,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : StandingEvent(TenantId, OccurredAt, CausedBy);

/// <summary>Tell the levels of <paramref name="Crossings"/> (none: nothing to tell), reached in the period when they were set.</summary>
public sealed record TellThresholdsReached(
    string TenantId, DateTimeOffset PeriodStart, DateOnly LocalStart, DateOnly LocalEnd, string CurrencyCode,
    IReadOnlyList<ThresholdCrossing> Crossings, DateTimeOffset Now, Actor By);

public static class ThresholdsReachedDecision
{
    public static IReadOnlyList<StandingEvent> Decide(TellThresholdsReached command, StandingState? state) =>
        command.Crossings.Count == 0
            ? []
            : HashChain.Seal<StandingEvent>(state?.LastHash ?? HashChain.Genesis,
            [
                new UsageThresholdsReached(command.TenantId, command.PeriodStart, command.LocalStart, command.LocalEnd, command.CurrencyCode,
                    command.Crossings, command.Now, command.By),
            ]);
}
