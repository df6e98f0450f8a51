using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Access;
using Invoicing.Audit;
using Invoicing.Credits;
using Invoicing.Invoices;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Service;

public sealed class CreditsService() : InvoicingService("invoicing_credit_tests", At("2025-03-05T12:00:00Z"));

/// <summary>
/// A tenant's credit through the API, on the real store and broker: operators grant, top up and
/// revoke; ratings draw as the period's charges grow; the invoice is settled by them when it is
/// finalized, and recompute reproduces the settlement from the credit stream as stored.
/// </summary>
public class CreditServiceTests(CreditsService service) : IClassFixture<CreditsService>
{
    [Fact]
    public async Task Operators_grant_top_up_and_revoke_and_the_tenant_reads_its_balance_and_history_a_page_at_a_time()
    {
        const string tenant = "cr-ledger";
        var operatorClient = await OpenAsync(tenant);

        var trial = await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants",
            new { source = "trial", amount = "50.00", expiresAt = "2025-04-01T00:00:00Z", reason = "try before the training run" });
        var topUp = await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/top-ups", new { amount = "200.00", receipt = "R-7781" });
        var again = await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/top-ups", new { amount = "200.00", receipt = "R-7781" });
        var revoked = await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants/G2/revoke", new { reason = "payment charged back" });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK),
            (trial.StatusCode, topUp.StatusCode, again.StatusCode, revoked.StatusCode));
        Assert.Equal(HttpJson.Compact(
            """
            {"grantId":"G2","source":"purchase","amount":"200.00","unused":"0.00","drawn":"0.00","revoked":"200.00","expired":"0.00","refundOwed":"200.00",
             "grantedAt":"2025-03-05T12:00:00+00:00","expiresAt":null,"reason":"Top-up","receipt":"R-7781"}
            """), HttpJson.Compact(await revoked.Content.ReadAsStringAsync()));

        var tenantClient = await service.ClientForAsync(tenant, Roles.Tenant);
        var balance = await (await tenantClient.GetAsync($"/v1/credits/{tenant}")).ReadAsync<JsonElement>();
        Assert.Equal(("USD", "50.00", "0.00", "50.00"), (Text(balance, "currency"), Text(balance, "promotional"), Text(balance, "purchased"), Text(balance, "total")));
        Assert.Equal(["G1", "G2"], balance.GetProperty("grants").EnumerateArray().Select(g => g.GetProperty("grantId").GetString()));

        var first = await (await tenantClient.GetAsync($"/v1/credits/{tenant}/history?limit=2")).ReadAsync<CreditHistoryPage>();
        var second = await (await tenantClient.GetAsync($"/v1/credits/{tenant}/history?limit=2&cursor={first.Next}")).ReadAsync<CreditHistoryPage>();
        Assert.Equal([(1L, "CreditGranted", 50.00m), (2L, "CreditGranted", 200.00m)], first.Entries.Select(e => (e.Version, e.Event, e.Change)));
        Assert.Equal([(3L, "CreditRevoked", -200.00m, (decimal?)200.00m, "operator:alice@finance")],
            second.Entries.Select(e => (e.Version, e.Event, e.Change, e.RefundOwed, e.CausedBy)));
        Assert.Null(second.Next);

        var auditor = await service.ClientForAsync("dora@audit", Roles.Auditor, tenant);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/v1/credits/{tenant}")).StatusCode);
        var stranger = await service.ClientForAsync("cr-stranger", Roles.Tenant);
        var hidden = await stranger.GetAsync($"/v1/credits/{tenant}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("Tenant 'cr-ledger' has no credit.", (await hidden.ReadAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/v1/credits/{tenant}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenantClient.PostAsJsonAsync($"/v1/credits/{tenant}/top-ups", new { amount = "5.00", receipt = "mine" })).StatusCode);
    }

    [Fact]
    public async Task Ratings_draw_credit_as_charges_grow_and_finalizing_settles_the_invoice_with_it()
    {
        const string tenant = "cr-settled";
        var (operatorClient, invoiceId) = await SettledMarchAsync(tenant);

        var invoice = await (await operatorClient.GetAsync($"/v1/invoices/{invoiceId}")).ReadAsync<JsonElement>();
        // Lines 10.00 + 2.48 + 3.74 = 16.22; less 5.00 of trial credit: 11.22, taxed 8.875 % = 0.995775 -> 1.00; 12.22 in all, paid by the purchase.
        Assert.Equal(("16.22", "1.00", "12.22", "0.00"), (Text(invoice, "subtotal"), Text(invoice, "tax"), Text(invoice, "total"), Text(invoice, "amountDue")));
        Assert.Equal(HttpJson.Compact("""{"description":"Promotional credit (G1)","amount":"5.00","grants":[{"grantId":"G1","amount":"5.00"}]}"""),
            invoice.GetProperty("discount").GetRawText());
        Assert.Equal(HttpJson.Compact("""{"description":"Paid from purchased credit (G2)","amount":"12.22","grants":[{"grantId":"G2","amount":"12.22"}]}"""),
            invoice.GetProperty("payment").GetRawText());

        var csv = await operatorClient.GetStringAsync($"/v1/invoices/{invoiceId}/download?format=csv");
        Assert.EndsWith(string.Join("\r\n",
            ",Subtotal,,,,,,16.22,USD,,,,,,,,,,",
            ",Promotional credit (G1),,,,,,-5.00,USD,,,,,,,,,,",
            ",Tax 8.875%,,,,,,1.00,USD,,,,,,,,,,",
            ",Total,,,,,,12.22,USD,,,,,,,,,,",
            ",Paid from purchased credit (G2),,,,,,-12.22,USD,,,,,,,,,,",
            ",Amount due,,,,,,0.00,USD,,,,,,,,,,") + "\r\n", csv);

        var history = await (await operatorClient.GetAsync($"/v1/credits/{tenant}/history")).ReadAsync<CreditHistoryPage>();
        // The rating drew its metered 6.22 (the shortfall waits for the period's end): 5.00 of the trial, then 1.22 + 0.11 tax = 1.33 of the purchase.
        // The redelivered rating drew nothing; settlement drew the rest, 12.22 - 1.33 = 10.89.
        Assert.Equal(
            [
                ("CreditGranted", 5.00m, (string?)null),
                ("CreditGranted", 100.00m, null),
                ("CreditDrawn", -6.33m, $"rating {tenant}@2025-03-01T05:00Z v1"),
                ("CreditDrawn", -10.89m, $"settlement of INV-{tenant}-issuer-000001"),
            ],
            history.Entries.Select(e => (e.Event, e.Change, e.Covers)));
        var balance = await (await operatorClient.GetAsync($"/v1/credits/{tenant}")).ReadAsync<JsonElement>();
        Assert.Equal(("0.00", "87.78"), (Text(balance, "promotional"), Text(balance, "purchased")));

        var audit = await (await operatorClient.GetAsync($"/v1/invoices/{invoiceId}/recompute")).ReadAsync<AuditReport>();
        Assert.True(audit.Matches, string.Join("; ", audit.Findings));
        Assert.Equal(4, audit.CreditChain!.EventsIntact);
    }

    [Fact]
    public async Task Finalizing_moves_the_standing_by_what_the_settlement_drew_in_the_same_transaction()
    {
        const string tenant = "cr-settled-standing";
        var (operatorClient, _) = await SettledMarchAsync(tenant);

        // 5.00 + 100.00 granted; the rating drew 6.33 and the settlement the rest of the 12.22 total, 10.89 (the shortfall with it): 87.78 left, all purchased.
        var standing = await (await operatorClient.GetAsync($"/v1/standing/{tenant}")).ReadAsync<JsonElement>();
        Assert.Equal(("87.78", "0.00", "87.78"), (Text(standing, "balance"), Text(standing, "promotional"), Text(standing, "purchased")));
    }

    [Fact]
    public async Task An_edited_credit_draw_in_PostgreSQL_is_named_by_recompute_with_the_link_it_broke_and_the_settlement_it_no_longer_gives()
    {
        const string tenant = "cr-tampered";
        var (operatorClient, invoiceId) = await SettledMarchAsync(tenant);

        await service.ExecuteAsync(
            """
            update invoicing.mt_events set data = jsonb_set(data, '{Draws,0,Amount,Amount}', '4.00'::jsonb)
            where stream_id = $1 and version = 3
            """,
            $"{tenant}:credits");

        var audit = await (await operatorClient.GetAsync($"/v1/invoices/{invoiceId}/recompute")).ReadAsync<AuditReport>();
        Assert.False(audit.Matches);
        Assert.True(audit.Chain.IsIntact);
        Assert.Equal((2, 3L, "CreditDrawn"), (audit.CreditChain!.EventsIntact, audit.CreditChain.FirstBroken!.Version, audit.CreditChain.FirstBroken.EventType));
        Assert.StartsWith($"credit stream {tenant}:credits: event 3 (CreditDrawn) has hash ", audit.Findings[0]);
        // 4.00 of trial credit would leave 12.22 taxed 1.084525 -> 1.08: 13.30, of which the purchase paid 12.22.
        Assert.Equal(
            [
                "Tax: stored 1.00 USD, recomputed 1.08 USD",
                "Total: stored 12.22 USD, recomputed 13.30 USD",
                "AmountDue: stored 0.00 USD, recomputed 1.08 USD",
                "Discount: Amount stored 5 USD, recomputed 4 USD",
                "Discount: Grants stored G1 5 USD, recomputed G1 4 USD",
            ],
            audit.Findings.Skip(1));
    }

    [Fact]
    public async Task Every_bad_grant_and_revocation_is_refused_with_problem_details_naming_what_is_wrong()
    {
        const string tenant = "cr-refused";
        var operatorClient = await OpenAsync(tenant);
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants",
            new { source = "goodwill", amount = "1.00", reason = "sorry" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants/G1/revoke", new { reason = "undone" })).StatusCode);

        (object Body, string Field, string Problem)[] badGrants =
        [
            (new { source = "gift", amount = "5.00", reason = "x" }, "Source", "must be one of trial, goodwill, purchase; 'gift' is not"),
            (new { source = "trial", reason = "x" }, "Amount", "is required"),
            (new { source = "trial", amount = "10.005", reason = "x" }, "Amount", "must be a whole number of USD's minor unit (2 decimals); 10.005 is not"),
            (new { source = "trial", amount = "0", reason = "x" }, "Amount", "must be more than 0; 0.00 is not"),
            (new { source = "trial", amount = "5.00", currency = "EUR", reason = "x" }, "Amount", "is in EUR; the billing account of 'cr-refused' is in USD"),
            (new { source = "trial", amount = "5.00", currency = "XYZ", reason = "x" }, "Currency", "must be a supported ISO 4217 code; 'XYZ' is not"),
            (new { source = "trial", amount = "5.00", reason = "x", expiresAt = "2025-03-05T11:59:59Z" }, "ExpiresAt", "must be after now (2025-03-05T12:00:00Z); 2025-03-05T11:59:59Z is not"),
            (new { source = "trial", amount = "5.00" }, "Reason", "is required: every grant says why it was made"),
            (new { source = "purchase", amount = "5.00", reason = "x" }, "Receipt", "is required for purchased credit: the payment it was bought with"),
            (new { source = "trial", amount = "5.00", reason = "x", receipt = "R-1" }, "Receipt", "must be absent for promotional credit: nothing was paid for it"),
        ];
        foreach (var (body, field, problem) in badGrants)
        {
            var refused = await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants", body);
            Assert.Equal((HttpStatusCode.UnprocessableEntity, "application/problem+json"), (refused.StatusCode, refused.Content.Headers.ContentType?.MediaType));
            var errors = (await refused.ReadAsync<JsonElement>()).GetProperty("errors");
            Assert.Equal([(field, problem)], errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(p => (e.Name, p.GetString()!))));
        }

        await AssertProblemAsync(await operatorClient.PostAsJsonAsync("/v1/credits/cr-nobody/grants", new { source = "trial", amount = "5.00", reason = "x" }),
            HttpStatusCode.NotFound, "Tenant 'cr-nobody' has no billing account; credit is granted in its currency, so open one first.");
        await AssertProblemAsync(await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants/G9/revoke", new { reason = "x" }),
            HttpStatusCode.NotFound, "Tenant 'cr-refused' has no credit grant G9.");
        await AssertProblemAsync(await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants/G1/revoke", new { reason = "again" }),
            HttpStatusCode.Conflict, "Grant G1 of 'cr-refused' has nothing unused to revoke: all 1.00 USD of it was drawn or revoked.");
        var noReason = await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants/G1/revoke", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal(["Reason"], (await noReason.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var badCursor = await operatorClient.GetAsync($"/v1/credits/{tenant}/history?cursor=bm90LWEtdmVyc2lvbg");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badCursor.StatusCode);
        Assert.Equal(["cursor"], (await badCursor.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal((status, "application/problem+json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        Assert.Equal(detail, (await response.ReadAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    /// <summary>
    /// A tenant of its own with 5.00 of trial credit and 100.00 bought; March rated once (and the
    /// rating delivered again) with 6.22 of metered charges and a 10.005 commitment shortfall, then
    /// finalized early by an operator.
    /// </summary>
    private async Task<(HttpClient Operator, string InvoiceId)> SettledMarchAsync(string tenant)
    {
        var operatorClient = await OpenAsync(tenant);
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/grants",
            new { source = "trial", amount = "5.00", reason = "trial" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync($"/v1/credits/{tenant}/top-ups",
            new { amount = "100.00", receipt = $"R-{tenant}" })).StatusCode);
        await service.PublishAsync(Usage(Guid.NewGuid(), At("2025-03-03T14:00:00Z"), (tenant, "GPU-1", "0-3599"), (tenant, "GPU-2", "0-1799")));
        var rated = Rated(tenant, March, 1, 5400, H100(1.5m), Energy(19.88m), Shortfall(10.005m));
        await service.PublishAsync(rated);
        await service.PublishAsync(rated);
        await service.DrainedAsync();

        var invoiceId = $"{tenant}@2025-03-01";
        var finalize = await operatorClient.PostAsync($"/v1/invoices/{invoiceId}/finalize", null);
        Assert.Equal(HttpStatusCode.OK, finalize.StatusCode);
        Assert.Equal(InvoiceStatus.Finalized, (await finalize.ReadAsync<InvoiceView>()).Status);
        return (operatorClient, invoiceId);
    }

    private async Task<HttpClient> OpenAsync(string tenant)
    {
        var operatorClient = await service.OperatorAsync();
        Assert.Equal(HttpStatusCode.Created,
            (await operatorClient.PutAsJsonAsync($"/v1/billing-accounts/{tenant}", Account(tenant: tenant, issuer: $"{tenant}-issuer"))).StatusCode);
        return operatorClient;
    }

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
