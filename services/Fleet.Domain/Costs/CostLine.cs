namespace Fleet.Costs;

/// <summary>The classes of cost a report tells apart; words, as they read in the API.</summary>
public static class CostClasses
{
    /// <summary>GPU time a tenant held.</summary>
    public const string Allocated = "allocated";

    /// <summary>Idle capacity: GPU time the node reported and nobody held.</summary>
    public const string Unallocated = "unallocated";

    /// <summary>Idle capacity: GPU time held from the supplier that the node never reported (down, missing, or a dead agent).</summary>
    public const string Unreported = "unreported";

    /// <summary>The energy a GPU drew, priced per kWh, to whoever held it (idle capacity when nobody did).</summary>
    public const string Energy = "energy";

    /// <summary>A supplier's fixed charge for a month, attributed to no GPU.</summary>
    public const string Fixed = "fixed";

    public static bool IsIdle(string costClass) => costClass is Unallocated or Unreported;
}

/// <summary>
/// One group of a period's cost, exact and unrounded: <see cref="Amount"/> in <see cref="Currency"/>
/// for <see cref="GpuSeconds"/> of GPU time (a slice counts its share of a GPU) or, for energy, the
/// <see cref="EnergyJoules"/> priced. A null tenant is the operator's: idle capacity or a fixed charge.
/// </summary>
public sealed record CostLine(
    string SupplierId,
    string Currency,
    string Class,
    string? NodeId,
    string? Site,
    string? Model,
    string? MigProfile,
    string? TenantId,
    string? Description,
    decimal GpuSeconds,
    decimal EnergyJoules,
    decimal Amount);

/// <summary>GPU time the ledger holds that no inventory version costs: the node was not held then, or not with that model.</summary>
public sealed record UncostedUsage(string NodeId, string Model, string? MigProfile, string Reason, long GpuSeconds);

/// <summary>GPU time held under a card that prices nothing for its model, so its cost is unknown (zero on the lines).</summary>
public sealed record UnpricedHolding(string NodeId, string SupplierId, string Model, string? MigProfile, string Reason, decimal GpuSeconds);

/// <summary>A period's cost: the lines, and the usage and holdings it could not cost, named so an operator can put them right.</summary>
public sealed record CostAttribution(IReadOnlyList<CostLine> Lines, IReadOnlyList<UncostedUsage> Uncosted, IReadOnlyList<UnpricedHolding> Unpriced, IReadOnlyList<HoldingUse> Holdings);

/// <summary>
/// How one node's holding of one model was used in the period: held, reported, unreported GPU-seconds
/// (a slice counts its share), how many GPUs were registered at most and how many distinct GPUs (or
/// slices) reported, and GPU-seconds reported beyond the registered count.
/// </summary>
public sealed record HoldingUse(string NodeId, string Model, string? MigProfile, int RegisteredGpus, int GpusReported,
    decimal HeldGpuSeconds, decimal ReportedGpuSeconds, decimal UnreportedGpuSeconds, decimal BeyondRegisteredGpuSeconds);
