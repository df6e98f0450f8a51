namespace Fleet.Efficiency;

/// <summary>
/// The utilization below which the operator calls a held GPU idle, for the whole fleet. One
/// document; kept as the level, never as decisions, so a changed level re-decides every period
/// read after it, history included.
/// </summary>
public sealed record FleetIdleThreshold(string Id, decimal IdleBelowPercent, DateTimeOffset SetAt, string SetBy)
{
    public const string DocumentId = "fleet";

    /// <summary>Until an operator sets one: a GPU averaging under 5 % does no work worth its price.</summary>
    public const decimal DefaultPercent = 5m;

    public static decimal PercentOf(FleetIdleThreshold? threshold) => threshold?.IdleBelowPercent ?? DefaultPercent;
}

/// <summary>
/// A tenant's own idle level, for its own view and its own alerts (null: the fleet's), and how long
/// one of its GPUs must stay held and idle before `gpu.idle` is sent (null: never). Its id is the tenant's.
/// </summary>
public sealed record TenantIdleSettings(string Id, decimal? IdleBelowPercent, int? AlertAfterSeconds, DateTimeOffset SetAt, string SetBy);

/// <summary>What one tenant's GPUs are judged by: its own level or else the fleet's, and its alert duration.</summary>
public sealed record IdleRule(decimal IdleBelowPercent, int? AlertAfterSeconds)
{
    public static IdleRule Of(TenantIdleSettings? tenant, FleetIdleThreshold? fleet) =>
        new(tenant?.IdleBelowPercent ?? FleetIdleThreshold.PercentOf(fleet), tenant?.AlertAfterSeconds);
}
