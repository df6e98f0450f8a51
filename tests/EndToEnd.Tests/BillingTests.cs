using System.Text.Json;
using GpuBilling.Periods;
using GpuBilling.Testing;
using static GpuBilling.Testing.SimulatedFleet;

namespace EndToEnd.Tests;

/// <summary>
/// From a simulated GPU's second to a finalized invoice, across the real processes: node agent,
/// RabbitMQ, metering, pricing, invoicing and PostgreSQL. The invoice is finalized by the period
/// closer, because invoicing's clock is moved past the period's end (not by an operator finalizing
/// early), and every figure it must carry is computed here from the fleet's parameters and the
/// rate card, never read back from the system.
/// </summary>
public class BillingTests
{
    private const string Card = "gpu-standard";
    private const string Zone = "America/New_York";
    private const string Issuer = "gpucloud-us";
    private const decimal TaxRate = 0.19m;

    /// <summary>Price per GPU-hour by model and allocation class, as the rate card publishes them.</summary>
    private static readonly Dictionary<(string Model, string AllocationClass), decimal> Prices = new()
    {
        [(H100, "on-demand")] = 36.00m,
        [(H100, "spot")] = 14.40m,
        [(A100, "on-demand")] = 9.90m,
    };

    [Fact]
    public async Task The_period_closer_finalizes_an_invoice_whose_gpu_seconds_and_charges_are_what_the_fleet_implies()
    {
        var fleet = await SimulatedFleet.CreateAsync(TestServers.Shared, "e2e_billing", DateTimeOffset.UtcNow, nodes: 2, seconds: 60,
            new Allocation("tenant-a", 0, [0, 1, 2, 3]),
            new Allocation("tenant-a", 0, [4, 5], "spot"),
            new Allocation("tenant-a", 1, [0, 1, 2, 3, 4, 5, 6, 7]),
            new Allocation("tenant-b", 0, [6, 7]));
        // tenant-b has no billing account: its usage is real, so it is recorded and flagged, never dropped.

        // Pricing's clock runs a minute behind, so the card published below for the fleet's first
        // second is accepted however slowly it is published on a busy machine: a version may never take
        // effect before it is published (usage already rated would change price).
        await using var metering = fleet.StartMetering();
        await using var pricing = fleet.StartPricing(clockOffset: TimeSpan.FromMinutes(-1));
        var invoicing = fleet.StartInvoicing();
        try
        {
            await pricing.ReadyAsync();
            await invoicing.ReadyAsync();
            await metering.ReadyAsync();

            fleet.StartSecondsAt(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(5).ToUnixTimeSeconds()));
            await pricing.SendAsync(HttpMethod.Post, $"/v1/rate-cards/{Card}/versions", RateCardRequest(fleet.StartAt));
            await invoicing.PutBillingAccountAsync("tenant-a", AccountRequest(fleet.StartAt));

            await using (var agent = fleet.StartAgent())
                Assert.True(await agent.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, $"The agent failed:\n{agent.Output}");

            // The seconds are sealed into the ledger once they have passed.
            await Eventually.AssertAsync(async () =>
                Assert.Equal(LedgerVerdict.Exact(fleet), await LedgerVerdict.OfAsync(fleet)), TimeSpan.FromMinutes(3));
            await Eventually.AssertAsync(async () =>
                Assert.Equal(fleet.ExpectedGpuSeconds("tenant-b"), await UnaccountedGpuSecondsAsync(fleet, "tenant-b", invoicing)), TimeSpan.FromMinutes(1));
        }
        finally
        {
            await invoicing.DisposeAsync();
        }

        var account = BillingPeriod.Containing(fleet.StartAt, TimeZoneInfo.FindSystemTimeZoneById(Zone), AnchorDayOf(fleet.StartAt));
        var invoiceId = $"tenant-a@{account.LocalStart:yyyy-MM-dd}";
        var expectedSeconds = fleet.ExpectedGpuSeconds("tenant-a");

        // Invoicing wakes up just after the period's end (the account has no grace): the closer's turn.
        await using var closing = fleet.StartInvoicing(clockOffset: account.End - DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1));
        await closing.ReadyAsync();
        JsonElement invoice = default;
        await Eventually.AssertAsync(async () =>
        {
            invoice = await closing.GetAsync($"/v1/invoices/{Uri.EscapeDataString(invoiceId)}");
            Assert.Equal("Finalized", invoice.GetProperty("status").GetString());
        }, TimeSpan.FromMinutes(1));

        Assert.Equal($"INV-{Issuer}-000001", invoice.GetProperty("invoiceNumber").GetString());
        Assert.Equal("PeriodClosed", invoice.GetProperty("trigger").GetString());
        var reconciliation = invoice.GetProperty("reconciliation");
        // The card bills per second with no minimum, so billable seconds are the metered ones.
        Assert.Equal(
            (expectedSeconds, expectedSeconds, expectedSeconds, expectedSeconds),
            (reconciliation.GetProperty("ledgerGpuSeconds").GetDecimalText(), reconciliation.GetProperty("ratedGpuSeconds").GetDecimalText(),
                reconciliation.GetProperty("ratedBillableGpuSeconds").GetDecimalText(), reconciliation.GetProperty("invoicedBillableGpuSeconds").GetDecimalText()));

        var expectedLines = fleet.ExpectedGpuSecondsByPrice("tenant-a")
            .Select(p => (PriceKey: $"{p.Key.Model}/{p.Key.AllocationClass}", GpuHours: p.Value / 3600m,
                Amount: Math.Round(p.Value * Prices[p.Key] / 3600m, 2, MidpointRounding.ToEven)))
            .OrderBy(l => l.PriceKey, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            expectedLines,
            invoice.GetProperty("lines").EnumerateArray()
                .Select(l => (l.GetProperty("priceKey").GetString()!, l.GetProperty("quantity").GetDecimalText(), l.GetProperty("amount").GetDecimalText()))
                .ToList());
        var subtotal = expectedLines.Sum(l => l.Amount);
        var tax = Math.Round(subtotal * TaxRate, 2, MidpointRounding.ToEven);
        Assert.Equal(
            (subtotal, tax, subtotal + tax),
            (invoice.GetProperty("subtotal").GetDecimalText(), invoice.GetProperty("tax").GetDecimalText(), invoice.GetProperty("total").GetDecimalText()));

        // The same samples delivered again, on purpose, after the invoice was finalized: nothing is
        // counted twice, so nothing reaches pricing and no invoice changes, this one or the next.
        await using (var again = fleet.StartAgent())
            Assert.True(await again.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, $"The agent failed:\n{again.Output}");
        await Eventually.AssertAsync(async () => Assert.Equal(0, await fleet.QueueDepthAsync()), TimeSpan.FromMinutes(1));
        // A repeat the intake wrongly admitted would wait there until sealed into the ledger, which the verdict reads.
        await Eventually.AssertAsync(async () => Assert.Equal(0, await fleet.ScalarAsync("select count(*) from metering.intake")), TimeSpan.FromMinutes(1));
        Assert.Equal(LedgerVerdict.Exact(fleet), await LedgerVerdict.OfAsync(fleet));
        var unchanged = await closing.GetAsync($"/v1/invoices/{Uri.EscapeDataString(invoiceId)}");
        Assert.Equal(invoice.GetRawText(), unchanged.GetRawText());
        var next = await closing.GetAsync($"/v1/invoices/tenant-a@{account.LocalEnd:yyyy-MM-dd}");
        Assert.Equal(("Draft", 0), (next.GetProperty("status").GetString(), next.GetProperty("lines").GetArrayLength()));
    }

    /// <summary>The account's periods start on the local day the fleet runs, so the period holds every simulated second.</summary>
    private static int AnchorDayOf(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(Zone)).Day;

    private static object RateCardRequest(DateTimeOffset effectiveFrom) => new
    {
        currency = "USD",
        effectiveFrom,
        terms = new
        {
            rates = Prices.Select(p => new
            {
                key = new { gpuModel = p.Key.Model, migProfile = (string?)null, allocationClass = p.Key.AllocationClass },
                model = "per-unit",
                pricePerGpuHour = p.Value,
                tiers = Array.Empty<object>(),
            }),
        },
    };

    private static object AccountRequest(DateTimeOffset start) => new
    {
        tenantId = "tenant-a",
        currencyCode = "USD",
        timeZoneId = Zone,
        anchorDay = AnchorDayOf(start),
        gracePeriod = "00:00:00",
        paymentTermsDays = 30,
        taxRate = TaxRate,
        issuerId = Issuer,
        issuer = new { name = "GPU Cloud Inc.", address = new { lines = new[] { "1 Compute Way" }, city = "Ashburn", postalCode = "20147", region = "VA", countryCode = "US" }, taxId = "US-12-3456789" },
        customer = new { name = "Tenant A LLC", address = new { lines = new[] { "5 Model Street" }, city = "New York", postalCode = "10001", region = "NY", countryCode = "US" }, taxId = (string?)null },
        rateCardId = Card,
    };

    private static async Task<long> UnaccountedGpuSecondsAsync(SimulatedFleet fleet, string tenant, ServiceProcess invoicing)
    {
        var tenants = await invoicing.GetAsync("/v1/usage-without-account");
        return tenants.EnumerateArray().Where(t => t.GetProperty("tenantId").GetString() == tenant)
            .Sum(t => t.GetProperty("gpuSeconds").GetInt64());
    }
}
