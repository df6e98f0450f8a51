using GpuBilling.Decisions;
using GpuBilling.HashChains;
using Pricing.Accrual;
using Pricing.RateCards;
using Pricing.Tenants;
using static Pricing.Tests.Given;

namespace Pricing.Tests.Accrual;

public class OpenPeriodDecisionTests
{
    private static readonly TenantTerms Usd = new("acme", 1, "UTC", 1, "USD", CardId, January);
    private static readonly DateTimeOffset MidFebruary = February.AddDays(14);

    private static OpenPeriod Open(TenantTerms? terms = null) => new(terms ?? Usd, MidFebruary, "service:pricing@test");

    [Fact]
    public void The_period_containing_now_opens_on_the_tenants_card_and_counts_no_ledger_event()
    {
        var opened = OpenPeriodDecision.Decide(Open(), null, Card("USD", Terms(Rate.PerUnit(H100, 2m))));

        Assert.Equal(new PeriodOpened("acme", February, March, CardId, MidFebruary, "service:pricing@test") { Hash = opened!.Hash }, opened);
        var period = PeriodUsage.Evolve(null, opened);
        Assert.Equal(("acme@2026-02-01T00:00Z", 1L, 0L, 0L), (period.Id, period.StreamVersion, period.LedgerEvents, period.MeteredGpuSeconds));
    }

    [Fact]
    public void The_opening_is_the_first_link_of_the_accrual_streams_chain_and_usage_accrued_after_it_chains_to_it()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 2m)));
        var opened = OpenPeriodDecision.Decide(Open(), null, card)!;
        var period = PeriodUsage.Evolve(null, opened);
        var accrued = AccrueUsageDecision.Decide(
            new AccrueUsage("acme", February, March, CardId, "ledger-1",
                [new AllocationUsage("job-1", "GPU-a", H100, [new UsageRun(MidFebruary, 60)], 0m)], MidFebruary, "service:pricing@test"),
            period, card);

        Assert.Equal((HashChain.HashOf(HashChain.Genesis, opened), opened.Hash), (opened.Hash, period.LastHash));
        Assert.True(HashChain.Verify([opened, accrued]).IsIntact);
        var next = PeriodUsage.Evolve(period, accrued);
        Assert.Equal((2L, 1L, accrued.Hash), (next.StreamVersion, next.LedgerEvents, next.LastHash));
    }

    [Fact]
    public void A_period_that_usage_or_an_earlier_opening_started_is_not_opened_again()
    {
        var card = Card("USD", Terms(Rate.PerUnit(H100, 2m)));
        var open = PeriodUsage.Evolve(null, OpenPeriodDecision.Decide(Open(), null, card)!);

        Assert.Null(OpenPeriodDecision.Decide(Open(), open, card));
        Assert.Throws<InvalidOperationException>(() => PeriodUsage.Evolve(open, OpenPeriodDecision.Decide(Open(), null, card)!));
    }

    [Fact]
    public void A_card_that_cannot_price_the_period_opens_nothing_and_says_why()
    {
        Assert.Equal(
            new FieldProblem("RateCardId", "Rate card 'gpu-list' has no published version."),
            Assert.Single(Assert.Throws<CommandRefused>(() => OpenPeriodDecision.Decide(Open(), null, null)).Problems));
        Assert.Equal(
            new FieldProblem("RateCardId", "No version of rate card 'gpu-list' is in force during the period from 2026-02-01T00:00:00.0000000+00:00."),
            Assert.Single(Assert.Throws<CommandRefused>(() =>
                OpenPeriodDecision.Decide(Open(), null, Card("USD", Terms(Rate.PerUnit(H100, 2m)), effectiveFrom: March))).Problems));
        Assert.Equal(
            new FieldProblem("RateCardId", "Rate card 'gpu-list' prices in EUR; the billing account of tenant 'acme' is in USD."),
            Assert.Single(Assert.Throws<CommandRefused>(() => OpenPeriodDecision.Decide(Open(), null, Card("EUR", Terms(Rate.PerUnit(H100, 2m))))).Problems));
    }
}
