using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GpuBilling.Access;
using GpuBilling.ServiceDefaults;
using GpuBilling.Testing;
using Invoicing.BillingAccounts;
using Invoicing.Invoices;
using Invoicing.Ledger;
using Metering.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Service;

public sealed class AccountsService() : InvoicingService("invoicing_account_tests", At("2025-03-20T12:00:00Z"));

public class BillingAccountServiceTests(AccountsService service) : IClassFixture<AccountsService>
{
    [Fact]
    public async Task An_account_opened_and_changed_publishes_its_billing_terms_each_time()
    {
        var operatorClient = await service.OperatorAsync();
        var account = Account(tenant: "terms-tenant");

        var opened = await operatorClient.PutAsJsonAsync("/v1/billing-accounts/terms-tenant", account);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var changed = await operatorClient.PutAsJsonAsync("/v1/billing-accounts/terms-tenant", account with { RateCardId = "rc-2026" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var published = new List<BillingTermsSet>();
        await Eventually.AssertAsync(async () =>
        {
            while (service.TermsSet.TryRead(out var terms)) published.Add(terms);
            await Task.CompletedTask;
            Assert.Equal(2, published.Count(t => t.TenantId == "terms-tenant"));
        });
        Assert.Equal(
            [
                new BillingTermsSet
                {
                    TenantId = "terms-tenant", AccountVersion = 1, TimeZoneId = "America/New_York", AnchorDay = 1,
                    CurrencyCode = "USD", RateCardId = "rc-standard", OccurredAt = At("2025-03-20T12:00:00Z"),
                },
                new BillingTermsSet
                {
                    TenantId = "terms-tenant", AccountVersion = 2, TimeZoneId = "America/New_York", AnchorDay = 1,
                    CurrencyCode = "USD", RateCardId = "rc-2026", OccurredAt = At("2025-03-20T12:00:00Z"),
                },
            ],
            published.Where(t => t.TenantId == "terms-tenant").OrderBy(t => t.AccountVersion));

        var read = await (await operatorClient.GetAsync("/v1/billing-accounts/terms-tenant")).ReadAsync<BillingAccountView>();
        Assert.Equal(2, read.Version);
        Assert.Equal("rc-2026", read.Account.RateCardId);
    }

    [Fact]
    public async Task The_same_account_put_again_adds_nothing()
    {
        var operatorClient = await service.OperatorAsync();
        var account = Account(tenant: "retried-tenant");

        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync("/v1/billing-accounts/retried-tenant", account)).StatusCode);
        var again = await operatorClient.PutAsJsonAsync("/v1/billing-accounts/retried-tenant", account);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, (await again.ReadAsync<BillingAccountView>()).Version);
        Assert.Equal(["billing_account_opened"], await service.EventTypesAsync("retried-tenant"));
    }

    [Fact]
    public async Task Bad_account_input_answers_problem_details_naming_every_field()
    {
        var operatorClient = await service.OperatorAsync();
        var bad = Account(tenant: "bad-tenant", currency: "XYZ", anchorDay: 40) with { RateCardId = "", Issuer = Acme.Issuer with { TaxId = null } };

        var response = await operatorClient.PutAsJsonAsync("/v1/billing-accounts/bad-tenant", bad);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadAsync<JsonElement>();
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors");
        Assert.Equal(
            ["AnchorDay", "CurrencyCode", "Issuer.TaxId", "RateCardId"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal("is required: pricing rates the tenant's usage with it", errors.GetProperty("RateCardId")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/v1/billing-accounts/bad-tenant")).StatusCode);
    }

    /// <summary>
    /// As the document says: a grace period or payment terms left out are refused naming them (0 is a term
    /// of its own, never a default); the tenant left out of the body, or null, is the path's.
    /// </summary>
    [Fact]
    public async Task Terms_left_out_are_refused_naming_them_and_a_tenant_left_out_is_the_paths()
    {
        var operatorClient = await service.OperatorAsync();
        var account = Account(tenant: "lean-tenant");
        JsonObject Sent(Action<JsonObject> change)
        {
            var body = JsonSerializer.SerializeToNode(account, JsonSerializerOptions.Web)!.AsObject();
            change(body);
            return body;
        }

        var termsLeftOut = await operatorClient.PutAsJsonAsync("/v1/billing-accounts/lean-tenant", Sent(body =>
        {
            body.Remove("gracePeriod");
            body["paymentTermsDays"] = null;
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, termsLeftOut.StatusCode);
        Assert.Equal(["GracePeriod", "PaymentTermsDays"],
            (await termsLeftOut.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/v1/billing-accounts/lean-tenant")).StatusCode);

        var opened = await operatorClient.PutAsJsonAsync("/v1/billing-accounts/lean-tenant", Sent(body => body.Remove("tenantId")));
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal(Sent(_ => { }).ToJsonString(), JsonSerializer.Serialize((await opened.ReadAsync<BillingAccountView>()).Account, JsonSerializerOptions.Web));
        var again = await operatorClient.PutAsJsonAsync("/v1/billing-accounts/lean-tenant", Sent(body => body["tenantId"] = null));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, (await again.ReadAsync<BillingAccountView>()).Version);
    }

    [Fact]
    public async Task An_account_refused_for_its_state_or_its_caller_answers_409_404_and_403()
    {
        var operatorClient = await service.OperatorAsync();
        var account = Account(tenant: "fixed-tenant");
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync("/v1/billing-accounts/fixed-tenant", account)).StatusCode);

        var otherCurrency = await operatorClient.PutAsJsonAsync("/v1/billing-accounts/fixed-tenant", account with { CurrencyCode = "EUR" });
        Assert.Equal(HttpStatusCode.Conflict, otherCurrency.StatusCode);
        Assert.Equal(["CurrencyCode"], (await otherCurrency.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));

        var otherTenant = await operatorClient.PutAsJsonAsync("/v1/billing-accounts/fixed-tenant", Account(tenant: "someone-else"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherTenant.StatusCode);
        Assert.Equal(["TenantId"], (await otherTenant.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));

        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/v1/billing-accounts/nobody")).StatusCode);
        // A tenant reads its own terms and changes none; another tenant's account is not there for it.
        var tenantClient = await service.ClientForAsync("fixed-tenant", Roles.Tenant);
        Assert.Equal(HttpStatusCode.OK, (await tenantClient.GetAsync("/v1/billing-accounts/fixed-tenant")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenantClient.PutAsJsonAsync("/v1/billing-accounts/fixed-tenant", account)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await service.ClientForAsync("someone-else", Roles.Tenant)).GetAsync("/v1/billing-accounts/fixed-tenant")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.AnonymousClient().GetAsync("/v1/billing-accounts/fixed-tenant")).StatusCode);
    }

    [Fact]
    public async Task A_tenant_key_reads_its_own_invoices_and_its_current_one_and_gets_404_for_anyone_elses()
    {
        var operatorClient = await service.OperatorAsync();
        foreach (var tenant in new[] { "tenant-a", "tenant-b" })
            Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync($"/v1/billing-accounts/{tenant}", Account(tenant: tenant))).StatusCode);
        await service.PublishAsync(Rated("tenant-a", March, 1, 3600, H100(1m)));
        var invoiceId = "tenant-a@2025-03-01";
        await Eventually.AssertAsync(async () =>
            Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync($"/v1/invoices/{invoiceId}")).StatusCode));

        var tenantA = await service.ClientForAsync("tenant-a", Roles.Tenant);
        var tenantB = await service.ClientForAsync("tenant-b", Roles.Tenant);

        var own = await (await tenantA.GetAsync($"/v1/invoices/{invoiceId}")).ReadAsync<InvoiceView>();
        Assert.Equal(InvoiceStatus.Draft, own.Status);
        Assert.Equal(2.49m, own.Subtotal);
        Assert.Equal([invoiceId], (await (await tenantA.GetAsync("/v1/invoices")).ReadAsync<InvoicePage>()).Invoices.Select(i => i.Id));

        Assert.Equal(HttpStatusCode.NotFound, (await tenantB.GetAsync($"/v1/invoices/{invoiceId}")).StatusCode);
        // An id that names the tenant's account stream is no invoice id, and an invoice's is no tenant id: neither rule takes the other.
        Assert.Equal(HttpStatusCode.BadRequest, (await tenantA.GetAsync("/v1/invoices/tenant-a")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await operatorClient.GetAsync("/v1/invoices/tenant-a/recompute")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await operatorClient.GetAsync($"/v1/billing-accounts/{invoiceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenantA.GetAsync($"/v1/invoices/{invoiceId}/recompute")).StatusCode);
        Assert.Empty((await (await tenantB.GetAsync("/v1/invoices")).ReadAsync<InvoicePage>()).Invoices);
        Assert.Equal(HttpStatusCode.NotFound, (await tenantB.GetAsync("/v1/invoices?tenantId=tenant-a")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenantA.PostAsJsonAsync($"/v1/invoices/{invoiceId}/void", new VoidRequest("mine"))).StatusCode);

        // The open period's invoice, found by the clock (20 March) in the tenant's zone, with its running cost.
        var current = await (await tenantA.GetAsync("/v1/invoices/current")).ReadAsync<InvoiceView>();
        Assert.Equal((invoiceId, InvoiceStatus.Draft, 2.49m), (current.Id, current.Status, current.Subtotal));
        Assert.Equal(invoiceId, (await (await operatorClient.GetAsync("/v1/invoices/current?tenantId=tenant-a")).ReadAsync<InvoiceView>()).Id);
        Assert.Equal(HttpStatusCode.NotFound, (await tenantB.GetAsync("/v1/invoices/current?tenantId=tenant-a")).StatusCode);
        var noTenant = await operatorClient.GetAsync("/v1/invoices/current");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noTenant.StatusCode);
        Assert.Equal(["tenantId"], (await noTenant.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        // Tenant B has an account but nothing rated yet: no invoice is open.
        Assert.Equal(HttpStatusCode.NotFound, (await tenantB.GetAsync("/v1/invoices/current")).StatusCode);
    }

    [Fact]
    public async Task An_account_written_before_its_listing_was_kept_is_listed_once_the_service_starts_and_a_newer_view_is_never_overwritten()
    {
        var operatorClient = await service.OperatorAsync();
        foreach (var tenant in new[] { "older-account", "newer-account" })
        {
            Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync($"/v1/billing-accounts/{tenant}", Account(tenant: tenant))).StatusCode);
            Assert.Equal(HttpStatusCode.OK,
                (await operatorClient.PutAsJsonAsync($"/v1/billing-accounts/{tenant}", Account(tenant: tenant) with { RateCardId = "rc-2026" })).StatusCode);
        }
        // As before the listing existed: the older account has no view; the newer one's view is made to look newer than its stream.
        await service.ExecuteAsync("delete from invoicing.mt_doc_billingaccountview where id = $1", "older-account");
        await service.ExecuteAsync("update invoicing.mt_doc_billingaccountview set data = jsonb_set(data, '{Version}', '7') where id = $1", "newer-account");
        Assert.DoesNotContain("older-account", await ListedAsync());

        await new MissingStreamViews<BillingAccountView>(
                service.Services.GetRequiredService<Marten.IDocumentStore>(), view => view.TenantId, NullLogger<MissingStreamViews<BillingAccountView>>.Instance)
            .StartAsync(CancellationToken.None);

        var listed = await ListedAsync();
        Assert.Equal((2L, "rc-2026"), (listed["older-account"].Version, listed["older-account"].Account.RateCardId));
        Assert.Equal(7L, listed["newer-account"].Version);

        async Task<Dictionary<string, BillingAccountView>> ListedAsync() =>
            (await (await operatorClient.GetAsync("/v1/billing-accounts?limit=200")).ReadAsync<BillingAccountPage>()).Accounts.ToDictionary(a => a.TenantId);
    }

    [Fact]
    public async Task Usage_of_a_tenant_without_an_account_is_tallied_and_flagged()
    {
        await service.PublishAsync(Usage(Guid.NewGuid(), At("2025-03-10T14:00:00Z"), ("ghost-tenant", "GPU-1", "0-899,1000-1099")));
        var operatorClient = await service.OperatorAsync();

        await Eventually.AssertAsync(async () =>
        {
            var flagged = await (await operatorClient.GetAsync("/v1/usage-without-account")).ReadAsync<List<TenantUsage>>();
            Assert.Equal(
                new TenantUsage("ghost-tenant", 1000, At("2025-03-10T14:00:00Z"), At("2025-03-10T14:30:00Z")),
                Assert.Single(flagged, t => t.TenantId == "ghost-tenant"));
        });
        Assert.Equal(1000, await service.ScalarAsync(
            "select sum(gpu_seconds) from invoicing.ledger_tally where tenant_id = 'ghost-tenant'"));
    }

    [Fact]
    public async Task Invoices_are_listed_a_page_at_a_time_by_cursor_an_auditor_sees_its_granted_tenants_and_a_bad_page_is_a_problem_naming_its_field()
    {
        var operatorClient = await service.OperatorAsync();
        string[] tenants = ["paged-1", "paged-2", "paged-3"];
        foreach (var tenant in tenants)
        {
            Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync($"/v1/billing-accounts/{tenant}", Account(tenant: tenant))).StatusCode);
            await service.PublishAsync(Rated(tenant, March, 1, 3600, H100(1m)));
        }
        string[] expected = ["paged-1@2025-03-01", "paged-2@2025-03-01", "paged-3@2025-03-01"];
        var all = new List<string>();
        await Eventually.AssertAsync(async () =>
        {
            all = (await (await operatorClient.GetAsync("/v1/invoices?limit=200")).ReadAsync<InvoicePage>()).Invoices.Select(i => i.Id).ToList();
            Assert.Equal(expected, all.Where(id => id.StartsWith("paged-", StringComparison.Ordinal)));
        });

        var pages = new List<InvoicePage>();
        string? cursor = null;
        do
        {
            pages.Add(await (await operatorClient.GetAsync($"/v1/invoices?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}")).ReadAsync<InvoicePage>());
            cursor = pages[^1].Next;
        } while (cursor is not null);
        Assert.Equal(all, pages.SelectMany(p => p.Invoices).Select(i => i.Id));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, p.Invoices.Count));

        // An auditor lists the tenants granted to it, and no other.
        var auditor = await service.ClientForAsync("dora@audit", Roles.Auditor, "paged-1", "paged-3");
        Assert.Equal(["paged-1@2025-03-01", "paged-3@2025-03-01"],
            (await (await auditor.GetAsync("/v1/invoices")).ReadAsync<InvoicePage>()).Invoices.Select(i => i.Id));
        Assert.Equal(["paged-3@2025-03-01"], (await (await auditor.GetAsync("/v1/invoices?tenantId=paged-3")).ReadAsync<InvoicePage>()).Invoices.Select(i => i.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync("/v1/invoices?tenantId=paged-2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync("/v1/invoices/paged-2@2025-03-01")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync("/v1/invoices/paged-2@2025-03-01/recompute")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/v1/invoices/paged-1@2025-03-01/recompute")).StatusCode);

        var bad = await operatorClient.GetAsync("/v1/invoices?limit=201&cursor=not-a-cursor");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(["cursor", "limit"], (await bad.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await operatorClient.GetAsync("/v1/invoices?limit=0")).StatusCode);
        var notANumber = await operatorClient.GetAsync("/v1/invoices?limit=many");
        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (notANumber.StatusCode, notANumber.Content.Headers.ContentType?.MediaType));
        Assert.Equal("Failed to bind parameter \"Nullable<int> limit\" from \"many\".", (await notANumber.ReadAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_account_naming_a_card_pricing_has_not_announced_or_one_in_another_currency_is_refused_naming_the_field()
    {
        var operatorClient = await service.OperatorAsync();
        var account = Account(tenant: "card-tenant") with { RateCardId = "rc-announced-later" };

        var unknown = await operatorClient.PutAsJsonAsync("/v1/billing-accounts/card-tenant", account);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(
            [("RateCardId", "names rate card 'rc-announced-later', which invoicing does not know yet: pricing announces a card once a version of it is published there (retry in a moment if one just was)")],
            await ErrorsAsync(unknown));
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/v1/billing-accounts/card-tenant")).StatusCode);

        await service.AnnounceAsync(("rc-announced-later", "USD"), ("rc-in-euros", "EUR"));
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync("/v1/billing-accounts/card-tenant", account)).StatusCode);
        var otherCurrency = await operatorClient.PutAsJsonAsync("/v1/billing-accounts/card-tenant", account with { RateCardId = "rc-in-euros" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherCurrency.StatusCode);
        Assert.Equal(
            [("RateCardId", "names rate card 'rc-in-euros', which prices in EUR; the account is in USD, and no usage is rated on a card in another currency")],
            await ErrorsAsync(otherCurrency));
        Assert.Equal("rc-announced-later", (await (await operatorClient.GetAsync("/v1/billing-accounts/card-tenant")).ReadAsync<BillingAccountView>()).Account.RateCardId);
    }

    private static async Task<(string Field, string? Problem)[]> ErrorsAsync(HttpResponseMessage response) =>
        [.. (await response.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(p => (e.Name, p.GetString())))];
}
