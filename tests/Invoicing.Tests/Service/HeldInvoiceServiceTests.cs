using System.Net;
using System.Net.Http.Json;
using GpuBilling.Testing;
using Invoicing.Invoices;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Service;

public sealed class HoldingService() : InvoicingService("invoicing_held_tests", At("2025-03-20T12:00:00Z"));

public class HeldInvoiceServiceTests(HoldingService service) : IClassFixture<HoldingService>
{
    private const string InvoiceId = "acme@2025-03-01";

    [Fact]
    public async Task A_ledger_short_of_the_rated_seconds_holds_the_invoice_without_a_number_until_the_missing_usage_arrives()
    {
        var operatorClient = await service.OperatorAsync();
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync("/v1/billing-accounts/acme", Acme)).StatusCode);
        // Rating saw both GPUs; the ledger event of the second has not reached invoicing.
        await service.PublishAsync(Usage(Guid.NewGuid(), At("2025-03-10T14:00:00Z"), ("acme", "GPU-1", "0-3599")));
        await service.PublishAsync(Rated("acme", March, 1, 5400, H100(1.5m)));
        await service.DrainedAsync();

        service.Clock.SetUtcNow(At("2025-04-04T02:30:00Z"));

        var held = await InvoicingService.InvoiceWhenAsync(operatorClient, InvoiceId, InvoiceStatus.Held);
        Assert.Equal(new Reconciliation(3600, 5400, 5400, 5400), held.Reconciliation);
        Assert.Equal("the usage ledger holds 3600 GPU-seconds, rating 5400 (+1800)", held.HeldBecause);
        Assert.Null(held.InvoiceNumber);
        // Closing it again, as every round of the closer does, takes no number and adds no event while the figures disagree.
        for (var again = 0; again < 2; again++)
        {
            var response = await operatorClient.PostAsync($"/v1/invoices/{InvoiceId}/finalize", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var closed = await response.ReadAsync<InvoiceView>();
            Assert.Equal((InvoiceStatus.Held, null), (closed.Status, closed.InvoiceNumber));
        }
        Assert.Equal(0, await service.ScalarAsync("select count(*) from invoicing.invoice_numbers"));
        Assert.Equal(["invoice_draft_opened", "invoice_draft_updated", "invoice_held"], await service.EventTypesAsync(InvoiceId));

        await service.PublishAsync(Usage(Guid.NewGuid(), At("2025-03-10T14:00:00Z"), ("acme", "GPU-2", "0-1799")));

        var finalized = await InvoicingService.InvoiceWhenAsync(operatorClient, InvoiceId, InvoiceStatus.Finalized);
        Assert.Equal("INV-gpucloud-us-000001", finalized.InvoiceNumber);
        Assert.Equal(new Reconciliation(5400, 5400, 5400, 5400), finalized.Reconciliation);
        Assert.Equal((3.74m, 0.33m, 4.07m), (finalized.Subtotal, finalized.Tax, finalized.Total));
        Assert.Equal(
            ["invoice_draft_opened", "invoice_draft_updated", "invoice_held", "invoice_released", "invoice_finalized"],
            await service.EventTypesAsync(InvoiceId));
    }
}
