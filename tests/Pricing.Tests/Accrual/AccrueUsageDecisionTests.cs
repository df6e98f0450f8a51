using GpuBilling.Decisions;
using Pricing.Accrual;
using Pricing.RateCards;
using Pricing.Rating;
using static Pricing.Tests.Given;

namespace Pricing.Tests.Accrual;

public class AccrueUsageDecisionTests
{
    private static readonly DateTimeOffset MidFebruary = February.AddDays(14);
    private static readonly DateTimeOffset Now = February.AddDays(20);

    /// <summary>2.00 per H100 GPU-hour from 1 January, 3.00 from 15 February.</summary>
    private static readonly RateCard PriceRise = Card("USD", Terms(Rate.PerUnit(H100, 2.00m)))
        .WithVersion(MidFebruary, Terms(Rate.PerUnit(H100, 3.00m)));

    private static AccrueUsage Accrue(string sourceId, params AllocationUsage[] usage) =>
        new("acme", February, March, CardId, sourceId, usage, Now, "pricing@test");

    private static AllocationUsage Allocation(DateTimeOffset from, int seconds, string workload = "job-1", string gpu = "GPU-a", decimal joules = 0m, PriceKey? key = null) =>
        new(workload, gpu, key ?? H100, [new UsageRun(from, seconds)], joules);

    /// <summary>Decides each command against the state the ones before it left, as the write path would.</summary>
    private static (PeriodUsage? State, List<UsageAccrued> Events) AccrueAll(RateCard card, params AccrueUsage[] commands)
    {
        var events = new List<UsageAccrued>();
        foreach (var command in commands)
            events.Add(AccrueUsageDecision.Decide(command, PeriodUsage.From(events), card));
        return (PeriodUsage.From(events), events);
    }

    private static string Render(AccruedQuantity q) =>
        $"v{q.RateCardVersion} {q.Key} {q.WorkloadId}/{q.GpuUuid}: {q.Seconds} s, {q.EnergyJoules} J, runs " +
        string.Join(",", q.Runs.Select(r => $"{r.From.UtcDateTime:dd HH:mm:ss}+{r.Seconds}"));

    [Fact]
    public void Usage_becomes_an_event_naming_its_source_and_when_it_was_accrued()
    {
        var accrued = AccrueUsageDecision.Decide(Accrue("node-1@2026-02-10T10Z:3", Allocation(February.AddDays(9).AddHours(10), 300, joules: 90_000m)), null, PriceRise);

        Assert.Equal(("acme", February, March, CardId, "node-1@2026-02-10T10Z:3", Now, "pricing@test"),
            (accrued.TenantId, accrued.PeriodStart, accrued.PeriodEnd, accrued.RateCardId, accrued.SourceId, accrued.AccruedAt, accrued.AccruedBy));
        Assert.Equal(["v1 H100/on-demand job-1/GPU-a: 300 s, 90000 J, runs 10 10:00:00+300"], accrued.Quantities.Select(Render));
        Assert.Equal("acme@2026-02-01T00:00Z", PeriodUsage.From([accrued])!.Id);
    }

    [Fact]
    public void The_same_seconds_from_different_sources_are_different_usage()
    {
        var (state, events) = AccrueAll(PriceRise,
            Accrue("source-1", Allocation(February.AddDays(9), 720)),
            Accrue("source-2", Allocation(February.AddDays(9).AddHours(1), 720)));

        Assert.Equal(2, events.Count);
        Assert.Equal(1440, state!.MeteredGpuSeconds);
    }

    [Fact]
    public void Each_second_is_accrued_under_the_version_in_force_at_it()
    {
        var (state, events) = AccrueAll(PriceRise,
            Accrue("before-the-rise", Allocation(February.AddDays(9), 720)),
            Accrue("after-the-rise", Allocation(February.AddDays(19), 720)));

        // 720 s is 0.2 GPU-hour: at 2.00 before 15 February, at 3.00 after.
        Assert.Equal(
            [
                "GPU time H100/on-demand | v1 | 0.2 GPU-hour x 2.00 = 0.40 -> 0.40",
                "GPU time H100/on-demand | v2 | 0.2 GPU-hour x 3.00 = 0.60 -> 0.60",
            ],
            Rendered(PeriodRating.Rate(state!.Totals(PriceRise, AllocationSeconds.From(events)), PriceRise)));
    }

    [Fact]
    public void A_run_across_a_version_change_is_split_at_it_with_the_energy_shared_by_seconds()
    {
        var accrued = AccrueUsageDecision.Decide(
            Accrue("straddles", Allocation(MidFebruary.AddSeconds(-90), 120, joules: 1000m)), null, PriceRise);

        Assert.Equal(
            [
                "v1 H100/on-demand job-1/GPU-a: 90 s, 750 J, runs 14 23:58:30+90",
                "v2 H100/on-demand job-1/GPU-a: 30 s, 250 J, runs 15 00:00:00+30",
            ],
            accrued.Quantities.Select(Render));
    }

    [Fact]
    public void Energy_shares_that_do_not_divide_evenly_still_add_up_to_the_joules_measured()
    {
        var accrued = AccrueUsageDecision.Decide(
            Accrue("straddles", Allocation(MidFebruary.AddSeconds(-1), 3, joules: 1000m)), null, PriceRise);

        Assert.Equal(1000m, accrued.Quantities.Sum(q => q.EnergyJoules));
        Assert.Equal([1, 2], accrued.Quantities.Select(q => q.Seconds));
    }

    [Fact]
    public void Energy_split_at_a_period_or_version_bound_is_shared_by_seconds_to_the_last_joule()
    {
        Assert.Equal([750m, 250m], EnergyShares.BySeconds(1000m, [3, 1]));
        var thirds = EnergyShares.BySeconds(1000m, [1, 1, 1]);
        Assert.Equal(1000m, thirds.Sum());
        Assert.Equal(thirds[0], thirds[1]);
    }

    [Fact]
    public void Publishing_a_new_version_does_not_alter_the_price_of_usage_accrued_before_it()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 2.00m)));
        var (state, events) = AccrueAll(card, Accrue("early-february", Allocation(February.AddDays(9), 720)));
        var before = PeriodRating.Rate(state!.Totals(card, AllocationSeconds.From(events)), card);

        var published = PublishRateCardVersionDecision.Decide(
            new PublishRateCardVersion(CardId, "USD", MidFebruary, Terms(Rate.PerUnit(H100, 9.99m)), February.AddDays(11), "finance@test"), card);
        var repriced = RateCard.Evolve(card, published);

        Assert.Equal(before, PeriodRating.Rate(state.Totals(repriced, AllocationSeconds.From(events)), repriced));
        Assert.Equal(["GPU time H100/on-demand | v1 | 0.2 GPU-hour x 2.00 = 0.40 -> 0.40"], Rendered(before));
        // Reaching back to the usage's own day is refused.
        Assert.Throws<CommandRefused>(() => PublishRateCardVersionDecision.Decide(
            new PublishRateCardVersion(CardId, "USD", February.AddDays(9), Terms(Rate.PerUnit(H100, 9.99m)), February.AddDays(11), "finance@test"), card));
    }

    [Fact]
    public void A_per_minute_increment_rounds_each_allocations_time_in_the_period_not_each_event()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 3.00m)) with { Increment = BillingIncrement.PerMinute });
        var (state, events) = AccrueAll(card,
            Accrue("window-1", Allocation(February.AddDays(9), 30), Allocation(February.AddDays(9), 30, workload: "job-2", gpu: "GPU-b")),
            Accrue("window-2", Allocation(February.AddDays(9).AddMinutes(5), 30), Allocation(February.AddDays(9).AddMinutes(5), 31, workload: "job-2", gpu: "GPU-b")));

        var totals = state!.Totals(card, AllocationSeconds.From(events));

        // job-1 on GPU-a: 30 + 30 s = 1 minute; job-2 on GPU-b: 30 + 31 s = 2 minutes. 121 s metered, 180 billed
        // (rounding each event's 30 s up instead would bill 240).
        Assert.Equal(121, state.MeteredGpuSeconds);
        Assert.Equal([new MeterTotal(Meters.GpuTime, H100, 1, 180m)], totals.Totals);
        // 180 s × 3.00 / 3,600
        Assert.Equal(["GPU time H100/on-demand | v1 | 0.05 GPU-hour x 3.00 = 0.15 -> 0.15"], Rendered(PeriodRating.Rate(totals, card)));
    }

    [Fact]
    public void An_allocation_shorter_than_the_minimum_duration_is_billed_the_minimum()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 36.00m)) with { MinimumDuration = TimeSpan.FromMinutes(5) });
        var (state, events) = AccrueAll(card,
            Accrue("window-1", Allocation(February.AddDays(9), 30), Allocation(February.AddDays(9), 400, workload: "job-2", gpu: "GPU-b")));

        var totals = state!.Totals(card, AllocationSeconds.From(events));

        // job-1: 30 s raised to 300 s; job-2: 400 s as metered. 700 s × 36.00 / 3,600 = 7.00.
        Assert.Equal([new MeterTotal(Meters.GpuTime, H100, 1, 700m)], totals.Totals);
        Assert.Equal(7.00m, Assert.Single(PeriodRating.Rate(totals, card)).Amount.Amount);
    }

    [Fact]
    public void Energy_accrued_reaches_the_period_totals_per_key_and_version()
    {
        var (state, events) = AccrueAll(PriceRise,
            Accrue("window-1", Allocation(February.AddDays(9), 60, joules: 42_000m), Allocation(February.AddDays(9), 60, workload: "job-2", gpu: "GPU-b", joules: 18_000m)));

        Assert.Equal(
            [new MeterTotal(Meters.GpuTime, H100, 1, 120m), new MeterTotal(Meters.Energy, H100, 1, 60_000m)],
            state!.Totals(PriceRise, AllocationSeconds.From(events)).Totals);
    }

    [Fact]
    public void Usage_before_the_cards_first_version_is_refused_not_dropped()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 2.00m)), effectiveFrom: MidFebruary);

        var error = Assert.Throws<CommandRefused>(() => AccrueUsageDecision.Decide(Accrue("early", Allocation(February.AddDays(9), 60)), null, card));

        Assert.Equal(
            [new FieldProblem("Usage[0].Runs[0].From", "No version of rate card 'gpu-list' is in force at 2026-02-10T00:00:00Z; usage is never priced by a later version.")],
            error.Problems);
    }

    [Fact]
    public void Usage_of_a_price_key_the_version_does_not_price_is_refused()
    {
        var error = Assert.Throws<CommandRefused>(() =>
            AccrueUsageDecision.Decide(Accrue("a100", Allocation(February.AddDays(9), 60, key: A100)), null, PriceRise));

        Assert.Equal([new FieldProblem("Usage[0].Key", "Rate card 'gpu-list' version 1 has no rate for A100/on-demand.")], error.Problems);
    }

    [Fact]
    public void A_second_rate_card_in_the_same_period_is_refused()
    {
        var (state, _) = AccrueAll(PriceRise, Accrue("window-1", Allocation(February.AddDays(9), 60)));
        var other = RateCard.Evolve(null, new RateCardVersionPublished("enterprise", 1, "USD", January, Terms(Rate.PerUnit(H100, 1m)), January, "finance@test"));

        var error = Assert.Throws<CommandRefused>(() =>
            AccrueUsageDecision.Decide(Accrue("window-2", Allocation(February.AddDays(9), 60)) with { RateCardId = "enterprise" }, state, other));

        Assert.Equal(
            [new FieldProblem("RateCardId", "The period is priced by rate card 'gpu-list'; a tenant changes rate card from the next period.")],
            error.Problems);
    }

    [Fact]
    public void Usage_outside_the_period_or_counted_twice_within_a_command_is_refused()
    {
        var command = Accrue("bad",
            Allocation(March.AddSeconds(-30), 60),
            new AllocationUsage("job-2", "GPU-b", H100, [new UsageRun(February.AddHours(1), 60), new UsageRun(February.AddHours(1).AddSeconds(30), 60)], 0m));

        var error = Assert.Throws<CommandRefused>(() => AccrueUsageDecision.Decide(command, null, PriceRise));

        Assert.Equal(
            [
                new FieldProblem("Usage[0].Runs[0]", "'Usage[0].Runs[0]' must lie inside the period; split usage that straddles a period's bounds."),
                new FieldProblem("Usage[1].Runs[1]", "'Usage[1].Runs[1]' overlaps another run of the same allocation: a second would count twice."),
            ],
            error.Problems);
    }
}
