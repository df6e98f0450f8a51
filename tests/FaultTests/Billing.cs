using System.Text.Json;
using GpuBilling.Periods;
using GpuBilling.Testing;
using static GpuBilling.Testing.SimulatedFleet;

namespace FaultTests;

/// <summary>
/// Pricing and invoicing running beside metering while a fault lands, and what they must show
/// after it. The fleet's seconds straddle a UTC midnight that starts both tenants' billing
/// periods, so the period before it has ended by the real clock: invoicing finalizes its invoice
/// while the fleet's later seconds still stream, the fault comes after, and that invoice must not
/// change. Pricing's clock runs behind, so a rate card published now is in force for seconds
/// replayed from hours ago.
/// </summary>
public sealed class Billing : IAsyncDisposable
{
    private const string Card = "fault-card";
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;
    private static readonly string[] Tenants = ["tenant-a", "tenant-b"];

    private readonly SimulatedFleet _fleet;
    private readonly ServiceProcess _pricing;
    private readonly ServiceProcess _invoicing;

    private Billing(SimulatedFleet fleet, ServiceProcess pricing, ServiceProcess invoicing) =>
        (_fleet, _pricing, _invoicing) = (fleet, pricing, invoicing);

    /// <summary>
    /// A fleet whose first <paramref name="secondsBeforeMidnight"/> seconds fall before the latest
    /// UTC midnight at least an hour ago (on a day of the month every month has, so it can anchor
    /// the periods), the rest after it: all in the past, so every second is sealed as it arrives.
    /// </summary>
    public static Task<SimulatedFleet> FleetAsync(ServerSet servers, string name, int nodes, int seconds, int secondsBeforeMidnight, Allocation[] allocations)
    {
        var midnight = new DateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1).UtcDateTime.Date, TimeSpan.Zero);
        while (midnight.Day > 28) midnight = midnight.AddDays(-1);
        return SimulatedFleet.CreateAsync(servers, name, midnight.AddSeconds(-secondsBeforeMidnight), nodes, seconds, allocations);
    }

    /// <summary>Starts pricing and invoicing, publishes the rate card and both tenants' accounts, and waits until pricing knows their terms.</summary>
    public static async Task<Billing> StartAsync(SimulatedFleet fleet)
    {
        // Ten minutes before the fleet's first second: time enough for a slow start before the card is published.
        var pricing = fleet.StartPricing(clockOffset: fleet.StartAt.AddMinutes(-10) - DateTimeOffset.UtcNow);
        var invoicing = fleet.StartInvoicing();
        var billing = new Billing(fleet, pricing, invoicing);
        try
        {
            await pricing.ReadyAsync();
            await invoicing.ReadyAsync();

            await pricing.SendAsync(HttpMethod.Post, $"/v1/rate-cards/{Card}/versions", RateCard(fleet.StartAt.AddSeconds(-1)));
            foreach (var tenant in Tenants)
                await invoicing.PutBillingAccountAsync(tenant, Account(tenant, fleet.StartAt));
            foreach (var tenant in Tenants)
                await Eventually.AssertAsync(async () =>
                    Assert.Equal(1, await fleet.ScalarAsync($"select count(*) from pricing.mt_doc_tenantterms where id = '{tenant}'")), TimeSpan.FromMinutes(2));
            return billing;
        }
        catch
        {
            await billing.DisposeAsync();
            throw;
        }
    }

    /// <summary>The invoice of the period that ended at midnight, as JSON, once the period closer has finalized it.</summary>
    public async Task<string> FinalizedInvoiceBeforeMidnightAsync()
    {
        var invoice = default(JsonElement);
        await Eventually.AssertAsync(async () =>
        {
            invoice = await _invoicing.GetAsync($"/v1/invoices/{Uri.EscapeDataString(InvoiceBeforeMidnight)}");
            Assert.Equal("Finalized", invoice.GetProperty("status").GetString());
        }, TimeSpan.FromMinutes(3));
        return invoice.GetRawText();
    }

    public async Task<string> InvoiceBeforeMidnightAsync() =>
        (await _invoicing.GetAsync($"/v1/invoices/{Uri.EscapeDataString(InvoiceBeforeMidnight)}")).GetRawText();

    /// <summary>Waits until pricing has accrued exactly the GPU-seconds the fleet implies for every tenant.</summary>
    public async Task AssertAccruedExactAsync()
    {
        foreach (var tenant in Tenants)
            await Eventually.AssertAsync(async () =>
            {
                Assert.False(_pricing.HasExited, $"Pricing exited:\n{_pricing.Output}");
                Assert.Equal((tenant, _fleet.ExpectedGpuSeconds(tenant)), (tenant, await _fleet.ScalarAsync(
                    "select coalesce(sum((q ->> 'Seconds')::bigint), 0) from pricing.mt_events e, jsonb_array_elements(e.data -> 'Quantities') q " +
                    $"where e.data ->> 'TenantId' = '{tenant}'")));
            }, TimeSpan.FromMinutes(3));
        Assert.Equal(0, await _fleet.ScalarAsync("select count(*) from pricing.mt_doc_unbilledusage"));
    }

    private string InvoiceBeforeMidnight =>
        $"tenant-a@{BillingPeriod.Containing(_fleet.StartAt, Utc, AnchorDay(_fleet.StartAt)).LocalStart:yyyy-MM-dd}";

    /// <summary>Periods start at the midnight inside the fleet's seconds: the day after its first second.</summary>
    private static int AnchorDay(DateTimeOffset startAt) => startAt.UtcDateTime.Date.AddDays(1).Day;

    private static object RateCard(DateTimeOffset effectiveFrom) => new
    {
        currency = "USD",
        effectiveFrom,
        terms = new
        {
            rates = new[] { (H100, 36.00m), (A100, 9.90m) }.Select(p => new
            {
                key = new { gpuModel = p.Item1, migProfile = (string?)null, allocationClass = "on-demand" },
                model = "per-unit",
                pricePerGpuHour = p.Item2,
                tiers = Array.Empty<object>(),
            }),
        },
    };

    private static object Account(string tenant, DateTimeOffset startAt) => new
    {
        tenantId = tenant,
        currencyCode = "USD",
        timeZoneId = "UTC",
        anchorDay = AnchorDay(startAt),
        gracePeriod = "00:00:00",
        paymentTermsDays = 30,
        taxRate = 0.19m,
        issuerId = "gpucloud-faults",
        issuer = new { name = "GPU Cloud Inc.", address = new { lines = new[] { "1 Compute Way" }, city = "Ashburn", postalCode = "20147", region = "VA", countryCode = "US" }, taxId = "US-12-3456789" },
        customer = new { name = $"{tenant} LLC", address = new { lines = new[] { "5 Model Street" }, city = "New York", postalCode = "10001", region = "NY", countryCode = "US" }, taxId = (string?)null },
        rateCardId = Card,
    };

    public async ValueTask DisposeAsync()
    {
        await _invoicing.DisposeAsync();
        await _pricing.DisposeAsync();
    }
}
