using System.Text.Json;
using Fleet.Efficiency;
using Metering.Contracts;
using static Fleet.Tests.Given;

namespace Fleet.Tests.Efficiency;

/// <summary>
/// `gpu.idle` decided window by window as sealed usage arrives: an episode of a GPU held and idle is
/// told once, when it has lasted the tenant's duration, and again only after it ended and another began.
/// </summary>
public class IdleEpisodesTests
{
    private static readonly DateTimeOffset Hour = February;
    private static readonly IdleRule TenMinutes = new(5m, 600);

    /// <summary>The watch after each window in turn, and the alerts on the way.</summary>
    private static (GpuIdleWatch Watch, List<IdleAlert> Alerts) Run(IdleRule rule, params SealedGpuUsage[] windows)
    {
        GpuIdleWatch? watch = null;
        var alerts = new List<IdleAlert>();
        foreach (var gpu in windows)
        {
            var (after, alert) = IdleEpisodes.Decide(watch, Sealed("node-1", Hour, gpu), gpu, rule);
            watch = after;
            if (alert is not null) alerts.Add(alert);
        }
        return (watch!, alerts);
    }

    private static SealedGpuUsage Window(int minute, string? tenant, decimal percent, string workload = "job-1") =>
        Gpu("GPU-a", tenant, $"{minute * 60}-{minute * 60 + 299}").At(percent) with { WorkloadId = tenant is null ? null : workload };

    [Fact]
    public void An_idle_episode_is_told_once_as_the_window_that_makes_it_last_the_duration_is_sealed()
    {
        var (watch, alerts) = Run(TenMinutes, Window(0, "tenant-a", 1m), Window(5, "tenant-a", 2m), Window(10, "tenant-a", 0m), Window(15, "tenant-a", 1m));

        var alert = Assert.Single(alerts);
        Assert.Equal((Hour, Hour.AddMinutes(10)), (alert.Since, alert.Through));
        Assert.Equal(new IdleEpisode("tenant-a", "job-1", Hour, Hour.AddMinutes(20), true), watch.Episode);
    }

    [Fact]
    public void A_busy_window_or_the_GPU_released_ends_the_episode_and_the_next_one_is_told_again()
    {
        var (_, alerts) = Run(TenMinutes,
            Window(0, "tenant-a", 1m), Window(5, "tenant-a", 1m),
            Window(10, "tenant-a", 60m),
            Window(15, "tenant-a", 1m), Window(20, "tenant-a", 1m),
            Window(25, null, 0m),
            Window(30, "tenant-a", 1m), Window(35, "tenant-a", 1m));

        Assert.Equal([Hour, Hour.AddMinutes(15), Hour.AddMinutes(30)], alerts.Select(a => a.Since));
        Assert.Equal(3, alerts.Select(a => IdleEpisodes.EventOf(a).EventId).Distinct().Count());
    }

    [Fact]
    public void Another_allocation_of_the_GPU_or_a_window_without_a_reading_ends_the_episode_before_it_is_told()
    {
        var (watch, alerts) = Run(TenMinutes,
            Window(0, "tenant-a", 1m), Window(5, "tenant-b", 1m),
            Window(10, "tenant-b", 1m) with { UtilizationPercentSeconds = 0, UtilizationSamples = 0 },
            Window(15, "tenant-b", 1m));

        Assert.Empty(alerts);
        Assert.Equal(new IdleEpisode("tenant-b", "job-1", Hour.AddMinutes(15), Hour.AddMinutes(20), false), watch.Episode);
    }

    [Fact]
    public void A_window_read_again_changes_nothing_and_tells_nothing_twice()
    {
        var first = Window(0, "tenant-a", 1m);
        var second = Window(5, "tenant-a", 1m);
        var (watch, alerts) = Run(TenMinutes, first, second, second, first, Window(10, "tenant-a", 90m), first, second);

        Assert.Single(alerts);
        Assert.Null(watch.Episode);
        Assert.Equal(Hour.AddMinutes(15), watch.SeenThrough);
    }

    [Fact]
    public void No_duration_set_tells_nothing_but_the_episode_is_followed_and_its_tenant_level_decides_it()
    {
        var (silent, none) = Run(new IdleRule(5m, null), Window(0, "tenant-a", 1m), Window(5, "tenant-a", 1m), Window(10, "tenant-a", 1m));
        var (_, atTwenty) = Run(new IdleRule(20m, 600), Window(0, "tenant-a", 15m), Window(5, "tenant-a", 15m));

        Assert.Empty(none);
        Assert.Equal(Hour, silent.Episode!.Since);
        Assert.Single(atTwenty);
    }

    [Fact]
    public void The_partner_event_is_the_same_each_time_the_alert_is_decided_and_carries_no_cost()
    {
        var alert = Assert.Single(Run(TenMinutes, Window(0, "tenant-a", 1m), Window(5, "tenant-a", 1m)).Alerts);

        var once = IdleEpisodes.EventOf(alert);
        var again = IdleEpisodes.EventOf(alert);

        Assert.Equal(once, again);
        Assert.Equal((PartnerEventTypes.GpuIdle, "tenant-a"), (once.Type, once.TenantId));
        using var data = JsonDocument.Parse(once.Data);
        Assert.Equal(600, data.RootElement.GetProperty("idleSeconds").GetInt64());
        Assert.Equal("GPU-a", data.RootElement.GetProperty("gpuUuid").GetString());
    }
}
