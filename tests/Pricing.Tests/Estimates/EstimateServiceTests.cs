using GpuBilling.Testing;
using Metering.Contracts;
using Pricing.Rating;
using Pricing.RateCards;
using static Pricing.Tests.Given;

namespace Pricing.Tests.Estimates;

public sealed class EstimatingService() : PricingService("pricing_estimate_tests");

public class EstimateServiceTests(EstimatingService pricing) : IClassFixture<EstimatingService>
{
    private const string Tenant = "est-acme";
    private const string EstimateCard = "estimate-card";
    private static readonly DateTimeOffset Hour = PricingService.Now;

    private static ObservedUsage Observed(string node, DateTimeOffset window, string allocationClass, int gpus, int seconds) => new()
    {
        TenantId = Tenant, NodeId = node, WindowStart = window, Model = "H100", AllocationClass = allocationClass,
        GpuSeconds = (long)gpus * seconds, LastSecond = window.AddSeconds(seconds - 1), GpusAtLastSecond = gpus,
    };

    private static UsageRecorded Sealed(string node, string seconds, string allocationClass, int gpus) => new()
    {
        LedgerEventId = Guid.NewGuid(),
        LedgerStream = $"{node}@2026-01-01T00Z",
        NodeId = node,
        Hour = Hour,
        Usage = [.. Enumerable.Range(0, gpus).Select(g => Messages.Held(Tenant, seconds, allocationClass: allocationClass, gpu: $"GPU-{node}-{g}"))],
    };

    [Fact]
    public async Task Unsealed_usage_is_estimated_at_the_rate_card_then_replaced_by_the_rating_once_sealed()
    {
        // H100 on demand: up to 1 GPU-hour at 3.60, over it at 1.80; spot at 0.72, from the period's start.
        await pricing.PublishCardAsync(EstimateCard, Terms(
            Rate.Graduated(H100, new Tier(1m, 3.60m), new Tier(null, 1.80m)),
            Rate.PerUnit(H100Spot, 0.72m)));
        await pricing.SetTermsAsync(Messages.Terms(Tenant, EstimateCard));

        // node-1: 8 GPUs on demand for the window from 00:00, 6 for the one from 00:05; node-2: 2 spot GPUs from 00:05.
        var first = new UsageObserved
        {
            ObservationId = Guid.NewGuid(), ObservedAt = Hour.AddMinutes(5),
            Usage = [Observed("node-1", Hour, AllocationClasses.OnDemand, gpus: 8, seconds: 300)],
        };
        var second = new UsageObserved
        {
            ObservationId = Guid.NewGuid(), ObservedAt = Hour.AddMinutes(10),
            Usage =
            [
                Observed("node-1", Hour.AddMinutes(5), AllocationClasses.OnDemand, gpus: 6, seconds: 300),
                Observed("node-2", Hour.AddMinutes(5), AllocationClasses.Spot, gpus: 2, seconds: 300),
            ],
        };
        // The first comes twice, as a republished observation does: counted once.
        await pricing.PublishAsync(first, second, first);

        // 2,400 + 1,800 on demand crosses the tier at 3,600; 600 spot.
        const long onDemand = 8 * 300 + 6 * 300;
        const long spot = 2 * 300;
        var unsealedCharges = 3600m * 3.60m / 3600m + (onDemand - 3600m) * 1.80m / 3600m + spot * 0.72m / 3600m;
        // The latest window holds 6 GPUs on demand past the tier and 2 spot.
        var burnRate = 6 * 1.80m + 2 * 0.72m;
        var lastSecond = Hour.AddMinutes(10).AddSeconds(-1);
        // Terms opened the period: its stream is at version 1, before any usage.
        await Eventually.AssertAsync(() => Assert.Contains(
            (1L, onDemand + spot, unsealedCharges, burnRate, (DateTimeOffset?)lastSecond),
            pricing.EstimatesFor(Tenant).Select(e => (e.TotalsVersion, e.UnsealedGpuSeconds, e.UnsealedCharges, e.BurnRatePerHour, e.UsageThrough))));
        Assert.All(pricing.EstimatesFor(Tenant), e => Assert.True(e.UnsealedCharges <= unsealedCharges));

        // The ledger seals all of it: three events, accrued at versions 2 to 4.
        await pricing.PublishAsync(Sealed("node-1", "0-299", AllocationClasses.OnDemand, 8), Sealed("node-1", "300-599", AllocationClasses.OnDemand, 6));
        await pricing.PublishAsync(Sealed("node-2", "300-599", AllocationClasses.Spot, 2));

        await Eventually.AssertAsync(() =>
        {
            var latest = pricing.EstimatesFor(Tenant).MaxBy(e => e.TotalsVersion);
            Assert.Equal((4L, 0L, 0m, burnRate, lastSecond),
                (latest?.TotalsVersion, latest?.UnsealedGpuSeconds, latest?.UnsealedCharges, latest?.BurnRatePerHour, latest?.UsageThrough));
            var rated = pricing.RatedFor(Tenant).MaxBy(r => r.TotalsVersion);
            Assert.Equal(4L, rated?.TotalsVersion);
            // What was estimated is what the rating now charges, to the last digit.
            Assert.Equal(unsealedCharges, rated!.Charges.Where(c => c.Kind == ChargeKinds.Usage).Sum(c => c.Amount));
        });
    }
}
