using GpuBilling.Decisions;
using GpuBilling.Testing;
using Metering.Contracts;
using Pricing.Accrual;
using Pricing.RateCards;
using static Pricing.Tests.Given;
using static Pricing.Tests.Messages;

namespace Pricing.Tests.Accrual;

public sealed class UnbilledUsageService() : PricingService("pricing_unbilled_tests");

/// <summary>Usage that cannot be accrued is parked with its reason, never dropped.</summary>
public class UnbilledUsageTests(UnbilledUsageService pricing) : IClassFixture<UnbilledUsageService>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private async Task<UnbilledUsage> ParkedAsync(string tenantId)
    {
        UnbilledUsage? parked = null;
        await Eventually.AssertAsync(async () => parked = Assert.Single(await pricing.UnbilledAsync(tenantId)), Patience);
        return parked!;
    }

    [Fact]
    public async Task Usage_of_a_tenant_without_terms_is_parked_and_counted_then_accrued_exactly_once_its_terms_arrive()
    {
        await pricing.PublishCardAsync("newcomer-list", Terms(Rate.PerUnit(H100, 2.00m)));
        var usage = LedgerEvent(February.AddDays(4).AddHours(8), Held("newcomer", "0-1199"));

        await pricing.PublishAsync(usage);

        var parked = await ParkedAsync("newcomer");
        Assert.Equal((UnbilledReasons.NoTerms, usage.LedgerEventId, 1200), (parked.Reason, parked.Usage.LedgerEventId, parked.Usage.Usage.Sum(u => u.GpuSeconds)));
        Assert.Equal([new FieldProblem("TenantId", "No billing terms are known for tenant 'newcomer'.")], parked.Problems);
        // Counted just after the commit that parked it.
        await Eventually.AssertAsync(() => Assert.Contains(UnbilledReasons.NoTerms, pricing.UnbilledReasonsCounted));
        Assert.Empty(pricing.RatedFor("newcomer"));

        await pricing.PublishAsync(Messages.Terms("newcomer", "newcomer-list"));

        var stream = new AccrualStreamKey("newcomer", February).ToString();
        await Eventually.AssertAsync(() =>
        {
            Assert.Equal(1200, pricing.Latest(stream)?.MeteredGpuSeconds);
            return Task.CompletedTask;
        }, Patience);
        Assert.Empty(await pricing.UnbilledAsync("newcomer"));

        // The ledger event and the terms again, then new usage: only the new usage adds.
        await pricing.PublishAsync(usage);
        await pricing.PublishAsync(Messages.Terms("newcomer", "newcomer-list"));
        await pricing.PublishAsync(LedgerEvent(February.AddDays(4).AddHours(9), Held("newcomer", "0-59")));
        await Eventually.AssertAsync(() =>
        {
            Assert.Equal(2, pricing.Latest(stream)?.LedgerEvents);
            return Task.CompletedTask;
        }, Patience);
        var rated = pricing.Latest(stream)!;
        // 1,260 s × 2.00 / 3,600
        Assert.Equal((1260L, 0.70m), (rated.MeteredGpuSeconds, Assert.Single(rated.Charges).Amount));
    }

    [Fact]
    public async Task Usage_the_rate_card_cannot_price_is_parked_with_its_reason_and_nothing_is_accrued()
    {
        await pricing.PublishCardAsync("h100-only", Terms(Rate.PerUnit(H100, 2.00m)));
        await pricing.SetTermsAsync(Messages.Terms("b200-user", "h100-only"));
        var usage = LedgerEvent(February.AddDays(5).AddHours(8), Held("b200-user", "0-599", model: "B200"));

        await pricing.PublishAsync(usage);

        var parked = await ParkedAsync("b200-user");
        Assert.Equal((UnbilledReasons.Refused, usage.LedgerEventId), (parked.Reason, parked.Usage.LedgerEventId));
        Assert.Equal([new FieldProblem("Usage[0].Key", "Rate card 'h100-only' version 1 has no rate for B200/on-demand.")], parked.Problems);
        Assert.Equal(["0-599"], parked.Usage.Usage.Select(u => u.Seconds));
        // Counted just after the commit that parked it.
        await Eventually.AssertAsync(() => Assert.Contains(UnbilledReasons.Refused, pricing.UnbilledReasonsCounted));
        // Parked in the transaction that would have accrued it: no claim, no accrual event.
        var stream = new AccrualStreamKey("b200-user", February).ToString();
        Assert.Equal(0, await pricing.ScalarAsync("select count(*) from pricing.accrued_sources where stream_key = $1", stream));
        Assert.Equal(0, await pricing.ScalarAsync("select count(*) from pricing.mt_events where stream_id = $1", stream));
    }
}
