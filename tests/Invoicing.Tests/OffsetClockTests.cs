using GpuBilling.ServiceDefaults;

namespace Invoicing.Tests;

public class OffsetClockTests
{
    [Fact]
    public void The_offset_clock_reads_the_system_clock_moved_by_its_offset()
    {
        var clock = new OffsetClock(TimeSpan.FromDays(31));

        var before = TimeProvider.System.GetUtcNow();
        var now = clock.GetUtcNow();
        var after = TimeProvider.System.GetUtcNow();

        Assert.InRange(now, before.AddDays(31), after.AddDays(31));
    }
}
