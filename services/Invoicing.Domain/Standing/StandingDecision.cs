using GpuBilling.Decisions;
using GpuBilling.HashChains;
using GpuBilling.Money;
using Invoicing.Audit;
using Invoicing.Credits;

namespace Invoicing.Standing;

/// <summary>Judge the tenant's standing on <paramref name="Figures"/>, because of <paramref name="Cause"/>.</summary>
public sealed record ReviewStanding(string TenantId, StandingFigures Figures, string Cause, DateTimeOffset Now, Actor By);

/// <summary>Set the thresholds (all of them: what is absent is no longer set) in the account's currency.</summary>
public sealed record SetStandingThresholds(string TenantId, Currency Currency, StandingThresholds Thresholds, DateTimeOffset Now, Actor By);

/// <summary>Tell the tenant of each grant that expires within <paramref name="Notice"/> of <paramref name="Now"/> with something left.</summary>
public sealed record NoticeExpiringCredit(string TenantId, CreditBalance Credit, TimeSpan Notice, DateTimeOffset Now, Actor By);

/// <summary>
/// The standing's pure decisions. A standing gets worse on any evidence, and better only by what
/// a person did or the calendar brought: leaving <see cref="StandingStatus.Depleted"/> takes a
/// grant or top-up, leaving <see cref="StandingStatus.Low"/> a grant or new thresholds, leaving
/// <see cref="StandingStatus.OverLimit"/> new thresholds or a new period. So a status never flaps
/// with the burn rate or with an estimate replaced by its exact figure, and a scheduler that stopped
/// a tenant is not told to start it again by anything but money or a decision.
/// </summary>
public static class StandingDecision
{
    public static IReadOnlyList<StandingEvent> Decide(ReviewStanding command, StandingState? state)
    {
        var previous = state?.Status ?? StandingStatus.Ok;
        var holds = StatusOf(command.Figures, state?.Thresholds ?? StandingThresholds.None, command.Now);
        var next = holds >= previous || MayLeave(previous, command.Figures, state) ? holds : previous;
        if (next == previous) return [];
        var figures = command.Figures;
        return Chained(state,
        [
            new StandingChanged(command.TenantId, previous, next, command.Cause, figures.Balance, figures.PeriodCharges, figures.UsageThrough,
                figures.Grants, figures.PeriodStart, command.Now, command.By),
        ]);
    }

    /// <summary>
    /// A tenant sets its own thresholds, an operator anyone's. Amounts are in the account's currency
    /// at its minor unit (the validator has said so to the caller); setting the same again adds nothing.
    /// </summary>
    public static IReadOnlyList<StandingEvent> Decide(SetStandingThresholds command, StandingState? state)
    {
        if (command.By.Kind == ActorKind.Tenant && command.By.Id != command.TenantId)
            throw CommandRefused.Forbidden($"{command.By} may not set the thresholds of '{command.TenantId}'.");
        if ((state?.Thresholds ?? StandingThresholds.None) == command.Thresholds && state is not null) return [];
        var t = command.Thresholds;
        return Chained(state,
            [new StandingThresholdsSet(command.TenantId, command.Currency.Code, t.LowBalance, t.LowHours, t.SpendLimit, command.Now, command.By)]);
    }

    /// <summary>One notice per grant, the first time the sweep finds it within the notice of its expiry with something unused.</summary>
    public static IReadOnlyList<StandingEvent> Decide(NoticeExpiringCredit command, StandingState? state)
    {
        var noticed = state?.NoticedGrants ?? [];
        return Chained(state,
        [
            .. command.Credit.Grants
                .Where(g => g.ExpiresAt is { } expiry && command.Now < expiry && expiry - command.Now <= command.Notice && g.Unused.Amount > 0)
                .Where(g => !noticed.Contains(g.GrantId))
                .OrderBy(g => g.ExpiresAt)
                .Select(g => new CreditExpiryNoticed(command.TenantId, g.GrantId, g.Unused, g.ExpiresAt!.Value, command.Now, command.By)),
        ]);
    }

    /// <summary>
    /// The worst status the figures give: depleted where credit is held and none is left, over the
    /// limit where the period's charges reached it, low where the credit left is below the threshold
    /// in money or in hours of the current burn. A tenant without credit is never low or depleted.
    /// </summary>
    public static StandingStatus StatusOf(StandingFigures figures, StandingThresholds thresholds, DateTimeOffset now)
    {
        if (figures.Balance is { Amount: <= 0 }) return StandingStatus.Depleted;
        if (thresholds.SpendLimit is { } limit && figures.PeriodCharges.Amount >= limit) return StandingStatus.OverLimit;
        if (figures.Balance is { } balance
            && (balance.Amount < thresholds.LowBalance || figures.HoursLeft(now) < thresholds.LowHours))
            return StandingStatus.Low;
        return StandingStatus.Ok;
    }

    private static bool MayLeave(StandingStatus previous, StandingFigures figures, StandingState? state) => state is null || previous switch
    {
        StandingStatus.Depleted => figures.Grants > state.GrantsAtChange,
        StandingStatus.Low => figures.Grants > state.GrantsAtChange || state.ThresholdsSetSinceChange,
        StandingStatus.OverLimit => state.ThresholdsSetSinceChange || figures.PeriodStart != state.PeriodAtChange,
        _ => true,
    };

    private static IReadOnlyList<StandingEvent> Chained(StandingState? state, IEnumerable<StandingEvent> events) =>
        HashChain.Seal(state?.LastHash ?? HashChain.Genesis, events);
}
