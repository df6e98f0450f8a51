using GpuBilling.Testing;
using Metering.Contracts;
using Pricing.Accrual;
using Pricing.RateCards;
using static Pricing.Tests.Given;
using static Pricing.Tests.Messages;

namespace Pricing.Tests.Accrual;

public sealed class AccrualService() : PricingService("pricing_accrual_tests");

/// <summary>Usage from the ledger to a rated period, over the real PostgreSQL and RabbitMQ.</summary>
public class AccrualServiceTests(AccrualService pricing) : IClassFixture<AccrualService>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private Task RatedAsync(string stream, Action<PeriodRated> assertion) =>
        Eventually.AssertAsync(() =>
        {
            assertion(pricing.Latest(stream) ?? throw new InvalidOperationException($"Nothing rated for {stream} yet."));
            return Task.CompletedTask;
        }, Patience);

    private static RatedCharge GpuTime(string cardId, PriceKey key, decimal seconds, decimal pricePerGpuHour) =>
        new($"GPU time {key}", "gpu-time", key.ToString(), key.GpuModel, "usage", null, cardId, 1,
            seconds / 3600m, "GPU-hour", pricePerGpuHour, seconds * pricePerGpuHour / 3600m, seconds);

    [Fact]
    public async Task Usage_of_a_tenant_with_terms_is_rated_into_its_period_with_exact_charges()
    {
        var mig = PriceKey.Spot("A100", "3g.40gb");
        await pricing.PublishCardAsync("acme-list", Terms(Rate.PerUnit(H100, 2.50m), Rate.PerUnit(mig, 1.10m)));
        await pricing.SetTermsAsync(Messages.Terms("acme", "acme-list"));
        var hour = February.AddDays(9).AddHours(10);

        await pricing.PublishAsync(LedgerEvent(hour,
            Held("acme", "0-1799"),
            Held("acme", "0-99,200-299", model: "A100", migProfile: "3g.40gb", allocationClass: AllocationClasses.Spot, gpu: "MIG-b")));

        var stream = new AccrualStreamKey("acme", February).ToString();
        await RatedAsync(stream, rated => Assert.Equal(2000, rated.MeteredGpuSeconds));
        var rated = pricing.Latest(stream)!;
        Assert.Equal(("acme", February, March, "acme-list", "USD", 1L, 1L, hour, hour.AddSeconds(1799)),
            (rated.TenantId, rated.PeriodStart, rated.PeriodEnd, rated.RateCardId, rated.CurrencyCode, rated.TotalsVersion,
                rated.LedgerEvents, rated.FirstSecond, rated.LastSecond));
        // 200 s × 1.10 / 3,600 and 1,800 s × 2.50 / 3,600, unrounded; A100 before H100.
        Assert.Equal([GpuTime("acme-list", mig, 200m, 1.10m), GpuTime("acme-list", H100, 1800m, 2.50m)], rated.Charges);
        Assert.Equal(1.25m, rated.Charges[1].Amount);
    }

    [Fact]
    public async Task The_same_ledger_event_delivered_twice_accrues_once()
    {
        await pricing.PublishCardAsync("twice-list", Terms(Rate.PerUnit(H100, 3.60m)));
        await pricing.SetTermsAsync(Messages.Terms("twice", "twice-list"));
        var stream = new AccrualStreamKey("twice", February).ToString();
        var first = LedgerEvent(February.AddDays(9).AddHours(10), Held("twice", "0-599"));

        // Twice in one batch, then again in a later one ahead of new usage.
        await pricing.PublishAsync(first, first);
        await RatedAsync(stream, rated => Assert.Equal(600, rated.MeteredGpuSeconds));
        await pricing.PublishAsync(first);
        await pricing.PublishAsync(LedgerEvent(February.AddDays(9).AddHours(11), Held("twice", "0-299")));

        await RatedAsync(stream, rated => Assert.Equal(2, rated.LedgerEvents));
        var rated = pricing.Latest(stream)!;
        Assert.Equal((900L, 2L), (rated.MeteredGpuSeconds, rated.TotalsVersion));
        // 900 s × 3.60 / 3,600
        Assert.Equal([GpuTime("twice-list", H100, 900m, 3.60m)], rated.Charges);
        Assert.Equal(0.90m, rated.Charges[0].Amount);
        Assert.Equal(2, await pricing.ScalarAsync("select count(*) from pricing.mt_events where stream_id = $1", stream));
        Assert.Equal(2, await pricing.ScalarAsync("select count(*) from pricing.accrued_sources where stream_key = $1", stream));
    }

    [Fact]
    public async Task A_ledger_hour_across_a_Kolkata_period_start_is_split_between_the_two_periods()
    {
        await pricing.PublishCardAsync("kolkata-list", Terms(Rate.PerUnit(H100, 3.60m)) with { EnergyPricePerKWh = 0.50m });
        await pricing.SetTermsAsync(Messages.Terms("kolkata", "kolkata-list", zone: "Asia/Kolkata"));
        // Local midnight of 1 March in Kolkata (+05:30) is 18:30 UTC on 28 February: the ledger
        // hour from 18:00 holds 900 s of the February period (18:15 to 18:29:59) and 1,200 s of March's.
        var hour = new DateTimeOffset(2026, 2, 28, 18, 0, 0, TimeSpan.Zero);
        var marchStart = hour.AddMinutes(30);
        var februaryStart = new DateTimeOffset(2026, 1, 31, 18, 30, 0, TimeSpan.Zero);

        await pricing.PublishAsync(LedgerEvent(hour, Held("kolkata", "900-2999", joules: 2100m)));

        var february = new AccrualStreamKey("kolkata", februaryStart).ToString();
        var march = new AccrualStreamKey("kolkata", marchStart).ToString();
        await RatedAsync(february, rated => Assert.Equal(900, rated.MeteredGpuSeconds));
        await RatedAsync(march, rated => Assert.Equal(1200, rated.MeteredGpuSeconds));
        Assert.Equal(
            [(februaryStart, marchStart, hour.AddMinutes(15), hour.AddMinutes(30).AddSeconds(-1)), (marchStart, new DateTimeOffset(2026, 3, 31, 18, 30, 0, TimeSpan.Zero), marchStart, hour.AddSeconds(2999))],
            new[] { pricing.Latest(february)!, pricing.Latest(march)! }.Select(r => (r.PeriodStart, r.PeriodEnd, r.FirstSecond!.Value, r.LastSecond!.Value)));
        // Energy shared by seconds: 900 J and 1,200 J of 2,100 J, at 0.50 per kWh (3,600,000 J).
        Assert.Equal(
            [GpuTime("kolkata-list", H100, 900m, 3.60m), Energy("kolkata-list", 900m, 0.50m)],
            pricing.Latest(february)!.Charges);
        Assert.Equal(
            [GpuTime("kolkata-list", H100, 1200m, 3.60m), Energy("kolkata-list", 1200m, 0.50m)],
            pricing.Latest(march)!.Charges);
    }

    private static RatedCharge Energy(string cardId, decimal joules, decimal pricePerKWh) =>
        new($"Energy {H100}", "energy", H100.ToString(), H100.GpuModel, "usage", null, cardId, 1,
            joules / 3_600_000m, "kWh", pricePerKWh, joules * pricePerKWh / 3_600_000m, joules);
}
