namespace Metering.Contracts;

/// <summary>
/// Allocated GPU time one intake batch of metering recorded: recorded (visible in the
/// usage read models) but not yet sealed into the ledger, for the live standing. Metering writes
/// it in the intake's own transaction and publishes it after, so it is published at least once:
/// consumers keep <see cref="ObservationId"/> to count it once. Every GPU-second metering records
/// is in exactly one observation and, minutes later, in exactly one <see cref="UsageRecorded"/>.
/// </summary>
/// <remarks>Published contract: MassTransit routes by full type name, so evolve it additively.</remarks>
public sealed record UsageObserved
{
    /// <summary>
    /// The windows usage is tallied by, aligned in UTC: metering's default sealing window. A
    /// constant of the contract rather than the sealer's setting, so that what a consumer tallies
    /// from observations and from sealed ledger events meets under the same keys whatever the
    /// sealer is set to. Every time-zone offset in use is a multiple of 15 minutes, so no window
    /// straddles a billing period's bound.
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The idempotency key: one per intake batch, kept across republishing.</summary>
    public required Guid ObservationId { get; init; }

    /// <summary>When the intake batch committed (the service's clock).</summary>
    public required DateTimeOffset ObservedAt { get; init; }

    public required IReadOnlyList<ObservedUsage> Usage { get; init; }

    /// <summary>The start of the <see cref="Window"/> that holds <paramref name="second"/>.</summary>
    public static DateTimeOffset WindowOf(DateTimeOffset second)
    {
        var ticks = second.UtcTicks;
        return new DateTimeOffset(ticks - ticks % Window.Ticks, TimeSpan.Zero);
    }
}

/// <summary>
/// The GPU-seconds newly recorded for one tenant on one node, in one <see cref="UsageObserved.Window"/>,
/// at one price key (model, MIG profile, allocation class).
/// </summary>
public sealed record ObservedUsage
{
    public required string TenantId { get; init; }

    public required string NodeId { get; init; }

    /// <summary>Inclusive UTC start of the window; it ends <see cref="UsageObserved.Window"/> later.</summary>
    public required DateTimeOffset WindowStart { get; init; }

    public required string Model { get; init; }

    public string? MigProfile { get; init; }

    public required string AllocationClass { get; init; }

    public required long GpuSeconds { get; init; }

    /// <summary>The latest of those seconds.</summary>
    public required DateTimeOffset LastSecond { get; init; }

    /// <summary>How many of the tenant's GPUs (or MIG slices) of this key the node held at <see cref="LastSecond"/>.</summary>
    public required int GpusAtLastSecond { get; init; }
}
