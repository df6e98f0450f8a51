using GpuBilling.Decisions;
using GpuBilling.Testing;
using Metering.Contracts;
using Pricing.Accrual;
using Pricing.RateCards;
using static Pricing.Tests.Given;
using static Pricing.Tests.Messages;

namespace Pricing.Tests.Accrual;

public sealed class PeriodOpeningService() : PricingService("pricing_opening_tests");

/// <summary>
/// Periods open whether or not usage reaches them, so their fixed charges are rated; and usage is
/// only ever accrued on a card in the billing account's currency. The clock stands at 1 January
/// 2026, so the current period is January.
/// </summary>
public class PeriodOpeningServiceTests(PeriodOpeningService pricing) : IClassFixture<PeriodOpeningService>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly RateCardTerms Reserving = Terms(Rate.PerUnit(H100, 3.60m)) with
    {
        ReservedGpus = [new ReservedGpus("H100", 4, 1500m)],
    };

    private static RatedCharge Reserved(string cardId) =>
        new("Reserved H100 GPUs", null, null, null, "reserved-gpus", null, cardId, 1, 4m, "reserved GPU", 1500m, 6000m, null);

    private async Task<PeriodRated> RatedAsync(string stream, Func<PeriodRated, bool> until)
    {
        PeriodRated? rated = null;
        await Eventually.AssertAsync(() =>
        {
            rated = pricing.Latest(stream);
            Assert.True(rated is not null && until(rated), $"{stream} is not rated as expected yet (latest: version {rated?.TotalsVersion}).");
            return Task.CompletedTask;
        }, Patience);
        return rated!;
    }

    private Task<long> EventsAsync(string stream, string type) =>
        pricing.ScalarAsync("select count(*) from pricing.mt_events where stream_id = $1 and type = $2", stream, type);

    [Fact]
    public async Task A_tenant_with_reserved_GPUs_and_no_usage_has_its_current_period_rated_with_exactly_the_reserved_charge()
    {
        await pricing.PublishCardAsync("reserved-list", Reserving);
        await pricing.SetTermsAsync(Messages.Terms("idle", "reserved-list"));

        var stream = new AccrualStreamKey("idle", January).ToString();
        var rated = await RatedAsync(stream, _ => true);
        Assert.Equal(("idle", January, February, "reserved-list", "USD", 1L, 0L, 0m, 0L, (DateTimeOffset?)null),
            (rated.TenantId, rated.PeriodStart, rated.PeriodEnd, rated.RateCardId, rated.CurrencyCode, rated.TotalsVersion,
                rated.MeteredGpuSeconds, rated.BillableGpuSeconds, rated.LedgerEvents, rated.FirstSecond));
        Assert.Equal([Reserved("reserved-list")], rated.Charges);
        Assert.Equal((1L, 0L), (await EventsAsync(stream, "period_opened"), await EventsAsync(stream, "usage_accrued")));

        // Usage reaching the opened period accrues after the opening, on the same card.
        await pricing.PublishAsync(LedgerEvent(January.AddDays(3).AddHours(10), Held("idle", "0-899")));

        rated = await RatedAsync(stream, r => r.TotalsVersion == 2);
        // 900 s × 3.60 / 3,600 = 0.90, beside the reserved GPUs.
        Assert.Equal((900L, 900m, 1L), (rated.MeteredGpuSeconds, rated.BillableGpuSeconds, rated.LedgerEvents));
        Assert.Equal(
            [
                new RatedCharge("GPU time H100/on-demand", "gpu-time", "H100/on-demand", "H100", "usage", null, "reserved-list", 1,
                    0.25m, "GPU-hour", 3.60m, 0.90m, 900m),
                Reserved("reserved-list"),
            ],
            rated.Charges);
        Assert.Equal((1L, 1L), (await EventsAsync(stream, "period_opened"), await EventsAsync(stream, "usage_accrued")));
    }

    [Fact]
    public async Task A_period_whose_card_is_published_after_the_terms_is_opened_by_the_next_round_of_the_opener()
    {
        await pricing.SetTermsAsync(Messages.Terms("early", "early-list"));
        var stream = new AccrualStreamKey("early", January).ToString();
        Assert.Equal(0, await pricing.ScalarAsync("select count(*) from pricing.mt_events where stream_id = $1", stream));

        await pricing.PublishCardAsync("early-list", Reserving);

        var rated = await RatedAsync(stream, _ => true);
        Assert.Equal((1L, 0L), (rated.TotalsVersion, rated.MeteredGpuSeconds));
        Assert.Equal([Reserved("early-list")], rated.Charges);
    }

    [Fact]
    public async Task Usage_on_a_card_in_another_currency_than_the_account_is_parked_with_its_reason_and_accrued_once_the_terms_name_a_card_in_it()
    {
        await pricing.PublishCardAsync("euro-list", Terms(Rate.PerUnit(H100, 2.00m)), currency: "EUR");
        await pricing.PublishCardAsync("dollar-list", Terms(Rate.PerUnit(H100, 3.60m)));
        await pricing.SetTermsAsync(Messages.Terms("mixed", "euro-list"));
        var usage = LedgerEvent(February.AddDays(2).AddHours(9), Held("mixed", "0-599"));

        await pricing.PublishAsync(usage);

        UnbilledUsage? parked = null;
        await Eventually.AssertAsync(async () => parked = Assert.Single(await pricing.UnbilledAsync("mixed")), Patience);
        Assert.Equal((UnbilledReasons.CurrencyMismatch, usage.LedgerEventId), (parked!.Reason, parked.Usage.LedgerEventId));
        Assert.Equal([new FieldProblem("RateCardId", "Rate card 'euro-list' prices in EUR; the billing account of tenant 'mixed' is in USD.")], parked.Problems);
        // Counted just after the commit that parked it.
        await Eventually.AssertAsync(() => Assert.Contains(UnbilledReasons.CurrencyMismatch, pricing.UnbilledReasonsCounted));
        // Neither the usage's period nor the current one is started on the euro card.
        var february = new AccrualStreamKey("mixed", February).ToString();
        Assert.Equal(0, await pricing.ScalarAsync("select count(*) from pricing.accrued_sources where stream_key = $1", february));
        Assert.Equal(0, await pricing.ScalarAsync("select count(*) from pricing.mt_events where stream_id like 'mixed@%'"));

        await pricing.PublishAsync(Messages.Terms("mixed", "dollar-list", accountVersion: 2));

        // 600 s × 3.60 / 3,600 = 0.60
        var rated = await RatedAsync(february, _ => true);
        Assert.Equal(("dollar-list", "USD", 600L, 0.60m), (rated.RateCardId, rated.CurrencyCode, rated.MeteredGpuSeconds, Assert.Single(rated.Charges).Amount));
        Assert.Empty(await pricing.UnbilledAsync("mixed"));
    }
}
