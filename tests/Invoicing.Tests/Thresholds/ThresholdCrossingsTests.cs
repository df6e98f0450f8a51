using Invoicing.Thresholds;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Thresholds;

public class ThresholdCrossingsTests
{
    private static readonly UsageThresholds Levels = new("acme", [1m, 2m, 10m], [5m], At("2025-03-01T00:00:00Z"), "acme");

    [Fact]
    public void The_first_rating_crosses_every_level_it_reaches_each_with_the_figure_that_crossed_it()
    {
        // 2.5 GPU-hours at 2.49: 6.225 spent.
        var first = Rated("acme", March, 1, 9_000, H100(2.5m));

        Assert.Equal(
            [new ThresholdCrossing("gpu-hours", 1m, 2.5m), new ThresholdCrossing("gpu-hours", 2m, 2.5m), new ThresholdCrossing("spend", 5m, 6.225m)],
            ThresholdCrossings.Between(null, first, Levels));
    }

    [Fact]
    public void A_level_is_crossed_once_a_later_rating_crosses_only_what_it_newly_reaches_and_one_seen_again_crosses_nothing()
    {
        var before = Rated("acme", March, 1, 5_400, H100(1.5m));
        var after = Rated("acme", March, 2, 7_200, H100(2m));

        Assert.Equal([new ThresholdCrossing("gpu-hours", 2m, 2m)], ThresholdCrossings.Between(before, after, Levels));
        Assert.Empty(ThresholdCrossings.Between(after, after, Levels));
        Assert.Empty(ThresholdCrossings.Between(before, before, Levels with { GpuHours = [], Spend = [] }));
    }

    [Fact]
    public void The_partner_event_names_the_period_in_the_tenant_s_dates_and_has_the_same_id_however_often_it_is_made()
    {
        var rated = Rated("acme", March, 1, 12_000, H100(3.3333333m));
        var crossing = new ThresholdCrossing("gpu-hours", 2m, 12_000 / 3600m);

        var told = ThresholdCrossings.EventOf(rated, March.LocalStart, March.LocalEnd, crossing);

        Assert.Equal(("usage.threshold_crossed", "acme", rated.RatedAt), (told.Type, told.TenantId, told.OccurredAt));
        Assert.Equal("""{"tenantId":"acme","periodStart":"2025-03-01","periodEnd":"2025-04-01","meter":"gpu-hours","threshold":"2","value":"3.333333"}""", told.Data);
        Assert.Equal(told.EventId, ThresholdCrossings.EventOf(rated with { TotalsVersion = 9 }, March.LocalStart, March.LocalEnd, crossing).EventId);
        Assert.NotEqual(told.EventId, ThresholdCrossings.EventOf(rated, March.LocalStart, March.LocalEnd, crossing with { Threshold = 1m }).EventId);
    }

    [Fact]
    public void Levels_set_at_or_below_what_the_period_reached_are_told_at_the_figures_reached_unless_they_were_set_before()
    {
        // 1.5 GPU-hours at 2.49: 3.735 spent.
        var kept = Rated("acme", March, 4, 5_400, H100(1.5m));
        var set = new UsageThresholds("acme", [1.00m, 1.5m, 2m], [3.735m, 4m], At("2025-03-20T12:00:00Z"), "acme");

        Assert.Equal(
            [new ThresholdCrossing("gpu-hours", 1.00m, 1.5m), new ThresholdCrossing("gpu-hours", 1.5m, 1.5m), new ThresholdCrossing("spend", 3.735m, 3.735m)],
            ThresholdCrossings.WhenSet(kept, null, set));
        // "1" set before is the level "1.00": it was told then, by the rating that crossed it or when it was set.
        var before = set with { GpuHours = [1m], Spend = [] };
        Assert.Equal(
            [new ThresholdCrossing("gpu-hours", 1.5m, 1.5m), new ThresholdCrossing("spend", 3.735m, 3.735m)],
            ThresholdCrossings.WhenSet(kept, before, set));
        Assert.Empty(ThresholdCrossings.WhenSet(null, null, set));
        Assert.Equal("1.00", ThresholdCrossings.WhenSet(kept, null, set)[0].Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_level_told_as_set_keeps_its_zeros_in_the_event_and_the_id_it_had_when_levels_were_stored_without_them()
    {
        var rated = Rated("acme", March, 1, 36_000, H100(10m));
        // The id as it was made before levels kept their zeros: from the level stored as "10".
        var stored = new Guid(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"acme/{March.Start.UtcTicks}/gpu-hours/10")).AsSpan(0, 16));

        var told = ThresholdCrossings.EventOf(rated, March.LocalStart, March.LocalEnd, new ThresholdCrossing("gpu-hours", 10.00m, 10m));

        Assert.Equal(stored, told.EventId);
        Assert.Equal(stored, ThresholdCrossings.EventOf(rated, March.LocalStart, March.LocalEnd, new ThresholdCrossing("gpu-hours", 10m, 10m)).EventId);
        Assert.Equal("""{"tenantId":"acme","periodStart":"2025-03-01","periodEnd":"2025-04-01","meter":"gpu-hours","threshold":"10.00","value":"10"}""", told.Data);
    }
}
