using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.Testing;
using Invoicing.BillingAccounts;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Service;

/// <summary>A database of its own: the list is every account there is, so it can be asserted whole.</summary>
public sealed class AccountListService() : InvoicingService("invoicing_account_list_tests", At("2025-03-20T12:00:00Z"));

public class BillingAccountListTests(AccountListService service) : IClassFixture<AccountListService>
{
    [Fact]
    public async Task Every_account_is_listed_in_tenant_order_a_page_at_a_time_at_its_latest_version_and_invoices_are_not_accounts()
    {
        var operatorClient = await service.OperatorAsync();
        foreach (var tenant in new[] { "list-c", "list-a", "list-b" })
            Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync($"/v1/billing-accounts/{tenant}", Account(tenant: tenant))).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await operatorClient.PutAsJsonAsync("/v1/billing-accounts/list-b", Account(tenant: "list-b") with { RateCardId = "rc-2026" })).StatusCode);
        // An invoice stream beside the account streams, in the same event store.
        await service.PublishAsync(Rated("list-a", March, 1, 3600, H100(1m)));
        await service.DrainedAsync();
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/v1/invoices/list-a@2025-03-01")).StatusCode);

        var first = await (await operatorClient.GetAsync("/v1/billing-accounts?limit=2")).ReadAsync<BillingAccountPage>();
        var second = await (await operatorClient.GetAsync($"/v1/billing-accounts?limit=2&cursor={first.Next}")).ReadAsync<BillingAccountPage>();
        var whole = await (await operatorClient.GetAsync("/v1/billing-accounts")).ReadAsync<BillingAccountPage>();

        Assert.Equal([("list-a", 1L, "rc-standard"), ("list-b", 2L, "rc-2026")], first.Accounts.Select(Row));
        Assert.NotNull(first.Next);
        Assert.Equal([("list-c", 1L, "rc-standard")], second.Accounts.Select(Row));
        Assert.Null(second.Next);
        Assert.Equal([("list-a", 1L, "rc-standard"), ("list-b", 2L, "rc-2026"), ("list-c", 1L, "rc-standard")], whole.Accounts.Select(Row));
        Assert.Null(whole.Next);
        // Each as a single account reads it.
        foreach (var listed in whole.Accounts)
            Assert.Equal(
                JsonSerializer.Serialize(await (await operatorClient.GetAsync($"/v1/billing-accounts/{listed.TenantId}")).ReadAsync<BillingAccountView>()),
                JsonSerializer.Serialize(listed));
    }

    [Fact]
    public async Task A_page_that_cannot_be_read_is_a_problem_naming_its_fields_and_only_operators_list_accounts()
    {
        var operatorClient = await service.OperatorAsync();

        var bad = await operatorClient.GetAsync("/v1/billing-accounts?limit=201&cursor=not~a~cursor");
        var tenant = await (await service.ClientForAsync("list-a", Roles.Tenant)).GetAsync("/v1/billing-accounts");

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "application/problem+json"), (bad.StatusCode, bad.Content.Headers.ContentType?.MediaType));
        Assert.Equal(
            [
                "cursor: is not a cursor this API gave out; pass the 'next' of the previous page unchanged.",
                "limit: must be between 1 and 200.",
            ],
            (await bad.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject()
                .SelectMany(e => e.Value.EnumerateArray().Select(p => $"{e.Name}: {p.GetString()}")).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, tenant.StatusCode);
    }

    private static (string, long, string) Row(BillingAccountView view) => (view.TenantId, view.Version, view.Account.RateCardId);
}
