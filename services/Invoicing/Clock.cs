namespace Invoicing;

/// <summary>
/// The system clock moved by a fixed offset (configuration <c>Clock:Offset</c>), so a whole
/// deployment can be run "later" than now: the cross-service test closes a billing period by
/// restarting invoicing a month ahead instead of waiting a month. Timers still run in real time.
/// </summary>
public sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;
}
