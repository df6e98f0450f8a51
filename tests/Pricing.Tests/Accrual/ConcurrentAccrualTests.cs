using GpuBilling.HashChains;
using GpuBilling.Testing;
using Marten;
using Pricing.Accrual;
using Pricing.RateCards;
using static Pricing.Tests.Given;
using static Pricing.Tests.Messages;

namespace Pricing.Tests.Accrual;

public sealed class ConcurrentAccrualService() : PricingService("pricing_concurrency_tests");

public class ConcurrentAccrualTests(ConcurrentAccrualService pricing) : IClassFixture<ConcurrentAccrualService>
{
    [Fact]
    public async Task Two_instances_accrue_one_tenants_usage_without_losing_or_doubling_a_second()
    {
        await using var second = await pricing.StartInstanceAsync();
        await pricing.PublishCardAsync("busy-list", Terms(Rate.PerUnit(H100, 2.00m)));
        await pricing.SetTermsAsync(Messages.Terms("busy", "busy-list"));
        // 400 ledger events of 300 s each, all in one period, a quarter of them delivered twice:
        // both instances take batches of them and race to append to the same stream.
        var ledgerEvents = Enumerable.Range(0, 400)
            .Select(i => LedgerEvent(February.AddDays(2).AddHours(i / 8), Held("busy", "0-299", gpu: $"GPU-{i % 8}")))
            .ToList();

        await pricing.PublishAsync([.. ledgerEvents, .. ledgerEvents.Where((_, i) => i % 4 == 0)]);

        var stream = new AccrualStreamKey("busy", February).ToString();
        await Eventually.AssertAsync(() =>
        {
            Assert.Equal(400, pricing.Latest(stream)?.LedgerEvents);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(90));
        var rated = pricing.Latest(stream)!;
        // 120,000 s × 2.00 / 3,600
        Assert.Equal((120_000L, 400L), (rated.MeteredGpuSeconds, rated.TotalsVersion));
        Assert.Equal(120_000m * 2.00m / 3600m, Assert.Single(rated.Charges).Amount);
        Assert.Equal(400, await pricing.ScalarAsync("select count(*) from pricing.accrued_sources where stream_key = $1", stream));

        // Batches of both instances, each sealed in order onto what the other had committed: one unbroken chain.
        await using var session = pricing.Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync(stream)).Select(e => (UsageAccrued)e.Data).ToList();
        var chain = HashChain.Verify(stored);
        Assert.True(chain.IsIntact, chain.FirstBroken?.ToString());
        Assert.Equal(400, chain.EventsIntact);
        Assert.Equal(stored[^1].Hash, (await session.LoadAsync<PeriodUsage>(stream))!.LastHash);
    }
}
