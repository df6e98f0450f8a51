namespace Invoicing.Standing;

/// <summary>The thresholds in force; null: not set.</summary>
public sealed record StandingThresholds(decimal? LowBalance, decimal? LowHours, decimal? SpendLimit)
{
    public static readonly StandingThresholds None = new(null, null, null);
}

/// <summary>
/// What the standing decisions need to know about one tenant's standing stream, built by
/// <see cref="Evolve"/>: the status last recorded and what it was judged on, the thresholds, and
/// the grants whose expiry was noticed. <see cref="LastHash"/> is the hash the next event chains to.
/// </summary>
/// <param name="Id">The stream's key (<see cref="StandingKey"/>), so the snapshot is stored under it.</param>
/// <param name="GrantsAtChange">Grants made by the last change of status: leaving depleted takes more.</param>
/// <param name="ThresholdsSetSinceChange">Whether thresholds were set since the last change of status: they may lift low and over-limit.</param>
/// <param name="PeriodAtChange">The period the last change of status was judged in: a new one may lift over-limit.</param>
public sealed record StandingState(
    string Id,
    string TenantId,
    StandingStatus Status,
    StandingThresholds Thresholds,
    int GrantsAtChange,
    bool ThresholdsSetSinceChange,
    DateTimeOffset? PeriodAtChange,
    IReadOnlyList<string> NoticedGrants,
    string LastHash)
{
    public static StandingState Evolve(StandingState? state, StandingEvent @event)
    {
        state ??= new StandingState(new StandingKey(@event.TenantId).ToString(), @event.TenantId, StandingStatus.Ok, StandingThresholds.None,
            0, false, null, [], "");
        var next = @event switch
        {
            StandingThresholdsSet set => state with
            {
                Thresholds = new StandingThresholds(set.LowBalance, set.LowHours, set.SpendLimit),
                ThresholdsSetSinceChange = true,
            },
            StandingChanged changed => state with
            {
                Status = changed.To,
                GrantsAtChange = changed.Grants,
                ThresholdsSetSinceChange = false,
                PeriodAtChange = changed.PeriodStart,
            },
            CreditExpiryNoticed noticed => state with { NoticedGrants = [.. state.NoticedGrants, noticed.GrantId] },
            // Usage levels are told from the event; the standing is judged on none of them.
            Invoicing.Thresholds.UsageThresholdsReached => state,
            _ => throw new InvalidOperationException($"{@event.GetType().Name} is not a standing event this state knows."),
        };
        return next with { LastHash = @event.Hash };
    }
}
