using System.Net;
using System.Net.Http.Json;
using GpuBilling.ServiceDefaults;
using Invoicing.BillingAccounts;
using Invoicing.Invoices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Service;

public sealed class SnapshotService() : InvoicingService("invoicing_snapshot_tests", At("2025-03-20T12:00:00Z"));

/// <summary>
/// Writers fetch an invoice or account through the snapshot kept beside its events. Streams stored
/// before there were snapshots have their events and no snapshot; they are written to like any other
/// once the snapshots missing are filled in at start, at the versions their events reached.
/// </summary>
public class SnapshotServiceTests(SnapshotService service) : IClassFixture<SnapshotService>
{
    [Fact]
    public async Task Streams_stored_before_snapshots_are_finalized_credited_voided_and_changed_after_the_fill_at_start()
    {
        var operatorClient = await service.OperatorAsync();
        string[] tenants = ["before-credit", "before-void"];
        foreach (var tenant in tenants)
        {
            Assert.Equal(HttpStatusCode.Created,
                (await operatorClient.PutAsJsonAsync($"/v1/billing-accounts/{tenant}", Account(tenant: tenant, issuer: $"{tenant}-issuer"))).StatusCode);
            await service.PublishAsync(Usage(Guid.NewGuid(), At("2025-03-10T14:00:00Z"), (tenant, "GPU-1", "0-3599"), (tenant, "GPU-2", "0-1799")));
            await service.PublishAsync(Rated(tenant, March, 1, 5400, H100(1.5m), Energy(19.88m), Shortfall(10.005m)));
        }
        await service.DrainedAsync();
        var (credited, voided) = ("before-credit@2025-03-01", "before-void@2025-03-01");
        Assert.Equal(["invoice_draft_opened"], await service.EventTypesAsync(credited));

        // What every stream looked like before: its events and no snapshot. Written to now, it reads as none.
        foreach (var tenant in tenants)
        {
            await service.ExecuteAsync("delete from invoicing.mt_doc_invoice where id = $1", $"{tenant}@2025-03-01");
            await service.ExecuteAsync("delete from invoicing.mt_doc_billingaccountstate where id = $1", tenant);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.PostAsync($"/v1/invoices/{credited}/finalize", null)).StatusCode);

        foreach (var fill in service.Services.GetServices<IHostedService>()
                     .Where(s => s is MissingStreamViews<Invoice> or MissingStreamViews<BillingAccountState>))
            await fill.StartAsync(CancellationToken.None);

        foreach (var invoiceId in new[] { credited, voided })
        {
            var finalize = await operatorClient.PostAsync($"/v1/invoices/{invoiceId}/finalize", null);
            Assert.Equal(HttpStatusCode.OK, finalize.StatusCode);
            var view = await finalize.ReadAsync<InvoiceView>();
            Assert.Equal((InvoiceStatus.Finalized, 3L, 17.66m), (view.Status, view.Version, view.Total));
        }
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync($"/v1/invoices/{credited}/credit-notes",
            new CreditNoteRequest([new CreditLineRequest(3, 1.00m)], "GPU-2 was throttled for an hour"))).StatusCode);
        var voiding = await operatorClient.PostAsJsonAsync($"/v1/invoices/{voided}/void", new VoidRequest("Billed to the wrong legal entity"));
        Assert.Equal(HttpStatusCode.OK, voiding.StatusCode);
        var afterVoid = await voiding.ReadAsync<InvoiceView>();
        Assert.Equal((InvoiceStatus.Voided, 4L), (afterVoid.Status, afterVoid.Version));

        Assert.Equal(["invoice_draft_opened", "invoice_draft_updated", "invoice_finalized", "credit_note_issued"], await service.EventTypesAsync(credited));
        Assert.Equal(["invoice_draft_opened", "invoice_draft_updated", "invoice_finalized", "invoice_voided"], await service.EventTypesAsync(voided));

        var changed = await operatorClient.PutAsJsonAsync("/v1/billing-accounts/before-credit",
            Account(tenant: "before-credit", issuer: "before-credit-issuer", paymentTermsDays: 45));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(2L, (await changed.ReadAsync<BillingAccountView>()).Version);
        Assert.Equal(["billing_account_opened", "billing_account_changed"], await service.EventTypesAsync("before-credit"));
    }
}
