using System.Globalization;
using System.Text.Json;
using GpuBilling.Testing;
using static GpuBilling.Testing.SimulatedFleet;

namespace EndToEnd.Tests;

/// <summary>
/// Trial credit running out while GPUs run, across the real processes: a simulated fleet in the
/// node agent in real time, RabbitMQ, metering, pricing, invoicing, the webhooks service, the
/// auditor's recomputation and PostgreSQL. One tenant pays in dollars, one in yen (no minor unit);
/// each holds a trial grant its usage spends part-way through the run. When the credit runs out,
/// the period's total and what is left due are computed here from the fleet's parameters, the rate
/// cards and the grants (<see cref="TrialAccount"/>), never read back from the system.
/// </summary>
public class TrialCreditTests
{
    private static readonly TrialAccount[] Accounts =
    [
        new("trial-usd", "USD", 2, "America/New_York", Node: 0, FirstBandPerGpuHour: 108.00m, RestPerGpuHour: 72.00m, SpotPerGpuHour: 36.00m, Grant: 1.90m),
        new("trial-jpy", "JPY", 0, "Asia/Tokyo", Node: 1, FirstBandPerGpuHour: 10800m, RestPerGpuHour: 7200m, SpotPerGpuHour: 3600m, Grant: 170m),
    ];

    /// <summary>How late the issue allows a standing to tell that credit ran out.</summary>
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Trial_credit_is_reported_depleted_within_30_s_of_the_second_it_runs_out_and_never_before_and_the_invoice_takes_it_off_before_tax()
    {
        var fleet = await SimulatedFleet.CreateAsync(TestServers.Shared, "e2e_trial_credit", DateTimeOffset.UtcNow, nodes: 2, TrialAccount.Seconds,
            [.. Accounts.SelectMany(a => a.Allocations)]);
        await using var inbox = await WebhookInbox.StartAsync();

        await using var metering = fleet.StartMetering();
        // Pricing's clock runs behind, so a card can be published in force from the start of the
        // 5-minute window the run falls in: a window a version starts within is never estimated.
        await using var pricing = fleet.StartPricing(clockOffset: TimeSpan.FromMinutes(-6));
        var invoicing = fleet.StartInvoicing();
        await using var webhooks = fleet.StartWebhooks();
        await using var audit = fleet.StartAudit();
        var anchorDays = new Dictionary<string, int>();
        try
        {
            await Task.WhenAll(new[] { metering, pricing, invoicing, webhooks, audit }.Select(s => s.ReadyAsync()));
            var now = DateTimeOffset.UtcNow;
            var window = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 300 * 300);
            foreach (var account in Accounts)
            {
                anchorDays[account.TenantId] = account.AnchorDay(now);
                await pricing.SendAsync(HttpMethod.Post, $"/v1/rate-cards/{account.RateCardId}/versions", account.RateCardRequest(window));
                await invoicing.PutBillingAccountAsync(account.TenantId, account.AccountRequest(anchorDays[account.TenantId]));
                await invoicing.SendAsync(HttpMethod.Post, $"/v1/credits/{account.TenantId}/grants", new
                {
                    source = "trial",
                    amount = account.Grant.ToString(CultureInfo.InvariantCulture),
                    reason = "try before the training run",
                });
                await webhooks.SendAsync(HttpMethod.Post, "/v1/webhooks/subscriptions", new { tenantId = account.TenantId, url = inbox.UrlFor(account.TenantId).ToString() });
            }
            await Eventually.AssertAsync(async () =>
                Assert.Equal(Accounts.Length, await fleet.ScalarAsync("select count(*) from pricing.mt_doc_tenantterms")), TimeSpan.FromMinutes(1));
            foreach (var queue in new[] { "pricing-usage-observed", "pricing-usage-recorded", "invoicing-charges-estimated", "invoicing-period-rated", "webhooks-partner-events" })
                await Queues.ConsumerReadyAsync(fleet.Name, queue);

            // The GPUs run from the next whole second on, in real time: a second's instant is when it was used.
            fleet.StartSecondsAt(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2));
            await using (var agent = fleet.StartAgent(settings: new Dictionary<string, string?> { ["Simulation:Realtime"] = "true" }))
            {
                foreach (var account in Accounts)
                {
                    var spentAt = account.SpentAt(fleet.StartAt);
                    var depleted = await ArrivalAsync(inbox, account.TenantId, "credits.depleted", spentAt + Freshness + TimeSpan.FromSeconds(10) - DateTimeOffset.UtcNow);
                    Assert.InRange(depleted.ArrivedAt, spentAt, spentAt + Freshness);
                    // Told on figures that hold the second the credit ran out in, never on earlier ones.
                    Assert.True(depleted.Data.GetProperty("usageThrough").GetDateTimeOffset() >= fleet.StartAt.AddSeconds(account.SpendingSecond),
                        $"{account.TenantId} was told depleted on usage through {depleted.Data.GetProperty("usageThrough")}, before second {account.SpendingSecond} of the run from {fleet.StartAt:O}.");
                    Assert.Equal(("depleted", "ok", account.Rounded(0m)), (Text(depleted.Data, "status"), Text(depleted.Data, "previousStatus"), depleted.Data.GetProperty("balance").GetDecimalText()));
                    Assert.Equal("depleted", Text(await invoicing.GetAsync($"/v1/standing/{account.TenantId}"), "status"));
                }
                Assert.True(await agent.WaitForExitAsync(TimeSpan.FromMinutes(1)) == 0, $"The agent failed:\n{agent.Output}");
            }

            // Every second rated: the drafts hold the whole run before the period is closed, and the
            // standing, reviewed on the last rating, has nothing left. (Between a rating and the next
            // estimate made on it, the balance shows the rated charges alone, higher than the truth,
            // while the status stays depleted: it is never lifted by figures.)
            foreach (var account in Accounts)
            {
                await Eventually.AssertAsync(async () => Assert.Equal(account.Subtotal,
                        (await invoicing.GetAsync($"/v1/invoices/{InvoiceId(account, fleet, anchorDays)}")).GetProperty("subtotal").GetDecimalText()),
                    TimeSpan.FromMinutes(1));
                await Eventually.AssertAsync(async () =>
                {
                    var standing = await invoicing.GetAsync($"/v1/standing/{account.TenantId}");
                    Assert.Equal(("depleted", 0m, account.Subtotal, fleet.StartAt.AddSeconds(TrialAccount.Seconds - 1)),
                        (Text(standing, "status"), standing.GetProperty("balance").GetDecimalText(), standing.GetProperty("periodCharges").GetDecimalText(),
                            standing.GetProperty("usageThrough").GetDateTimeOffset()));
                });
            }
        }
        finally
        {
            await invoicing.DisposeAsync();
        }

        // Invoicing wakes up just after both periods' ends (no grace): the closer's turn.
        var lastEnd = Accounts.Max(a => a.Period(fleet.StartAt, anchorDays[a.TenantId]).End);
        await using var closing = fleet.StartInvoicing(clockOffset: lastEnd - DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1));
        await closing.ReadyAsync();
        foreach (var account in Accounts)
        {
            var invoiceId = InvoiceId(account, fleet, anchorDays);
            JsonElement invoice = default;
            await Eventually.AssertAsync(async () =>
            {
                invoice = await closing.GetAsync($"/v1/invoices/{Uri.EscapeDataString(invoiceId)}");
                Assert.Equal("Finalized", Text(invoice, "status"));
            }, TimeSpan.FromMinutes(1));

            // The grant drawn whole as a discount before tax; tax on the rest, all of it due.
            var discount = invoice.GetProperty("discount");
            Assert.Equal(
                (account.Currency, account.Subtotal, account.Grant, "G1", account.Grant, account.Tax, account.AmountDue, account.AmountDue),
                (Text(invoice, "currency"), invoice.GetProperty("subtotal").GetDecimalText(), discount.GetProperty("amount").GetDecimalText(),
                    Text(discount.GetProperty("grants")[0], "grantId"), discount.GetProperty("grants")[0].GetProperty("amount").GetDecimalText(),
                    invoice.GetProperty("tax").GetDecimalText(), invoice.GetProperty("total").GetDecimalText(), invoice.GetProperty("amountDue").GetDecimalText()));
            Assert.Equal(1, discount.GetProperty("grants").GetArrayLength());
            Assert.Equal(JsonValueKind.Null, invoice.GetProperty("payment").ValueKind);
            Assert.Equal(account.LinesAfter(TrialAccount.Seconds).Where(l => l != 0).Order(),
                invoice.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("amount").GetDecimalText()).Order());

            var recomputed = await closing.GetAsync($"/v1/invoices/{Uri.EscapeDataString(invoiceId)}/recompute");
            Assert.True(recomputed.GetProperty("matches").GetBoolean(), recomputed.GetRawText());
            var audited = await audit.GetAsync($"/v1/audit/invoices/{Uri.EscapeDataString(invoiceId)}/recompute");
            Assert.True(audited.GetProperty("matches").GetBoolean(), audited.GetRawText());

            // Credit ran out once: one webhook for it, and then the invoice.
            await ArrivalAsync(inbox, account.TenantId, "invoice.finalized", TimeSpan.FromSeconds(30));
            Assert.Equal(["credits.depleted", "invoice.finalized"], inbox.Of(account.TenantId).Select(w => w.Type));
        }
    }

    private static string InvoiceId(TrialAccount account, SimulatedFleet fleet, Dictionary<string, int> anchorDays) =>
        $"{account.TenantId}@{account.Period(fleet.StartAt, anchorDays[account.TenantId]).LocalStart:yyyy-MM-dd}";

    private static async Task<ArrivedWebhook> ArrivalAsync(WebhookInbox inbox, string tenantId, string type, TimeSpan timeout)
    {
        ArrivedWebhook? arrived = null;
        await Eventually.AssertAsync(() => Assert.NotNull(arrived = inbox.Of(tenantId).FirstOrDefault(w => w.Type == type)),
            timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        return arrived!;
    }

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();
}
