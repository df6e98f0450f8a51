using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// The system clock moved by a fixed offset (configuration <c>Clock:Offset</c>), so a whole
/// deployment can be run "later" (or earlier) than now: the cross-service test closes a billing
/// period by restarting invoicing a month ahead instead of waiting a month, and the fault tests
/// publish a rate card in force before the hours their fleet replays. Timers still run in real time.
/// </summary>
public sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;
}

public static class ClockConfiguration
{
    /// <summary>Registers the <see cref="OffsetClock"/> as the service's clock if <c>Clock:Offset</c> is set.</summary>
    public static void UseClockOffset(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<TimeSpan?>("Clock:Offset") is { } offset)
            builder.Services.AddSingleton<TimeProvider>(new OffsetClock(offset));
    }
}
