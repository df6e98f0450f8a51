using System.Net;
using System.Net.Http.Json;
using GpuBilling.Testing;
using Invoicing.Invoices;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Service;

public sealed class LateUsageService() : InvoicingService("invoicing_late_usage_tests", At("2025-03-20T12:00:00Z"));

public class LateUsageServiceTests(LateUsageService service) : IClassFixture<LateUsageService>
{
    [Fact]
    public async Task Usage_rated_after_its_period_was_finalized_is_an_adjustment_on_the_next_invoice_and_the_finalized_one_stays_as_issued()
    {
        var operatorClient = await service.OperatorAsync();
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync("/v1/billing-accounts/acme", Acme)).StatusCode);
        await service.PublishAsync(Usage(Guid.NewGuid(), At("2025-03-10T14:00:00Z"), ("acme", "GPU-1", "0-3599"), ("acme", "GPU-2", "0-1799")));
        await service.PublishAsync(Rated("acme", March, 1, 5400, H100(1.5m)));
        await service.DrainedAsync();
        service.Clock.SetUtcNow(At("2025-04-04T02:30:00Z"));
        var march = await InvoicingService.InvoiceWhenAsync(operatorClient, "acme@2025-03-01", InvoiceStatus.Finalized);
        Assert.Equal(("INV-gpucloud-us-000001", 3.74m), (march.InvoiceNumber, march.Subtotal));

        // Half an hour of March reaches the ledger and rating after March was invoiced.
        await service.PublishAsync(Usage(Guid.NewGuid(), At("2025-03-31T14:00:00Z"), ("acme", "GPU-1", "0-1799")));
        await service.PublishAsync(Rated("acme", March, 2, 7200, H100(2m)));
        await service.DrainedAsync();
        service.Clock.SetUtcNow(At("2025-05-04T02:30:00Z"));

        var april = await InvoicingService.InvoiceWhenAsync(operatorClient, "acme@2025-04-01", InvoiceStatus.Finalized);
        Assert.Equal("INV-gpucloud-us-000002", april.InvoiceNumber);
        var line = Assert.Single(april.Lines);
        Assert.Equal(
            (1, "Late usage for 2025-03-01..2025-03-31 (invoice INV-gpucloud-us-000001): H100 on-demand GPU time", 0.5m, 2.49m, 1.24m),
            (line.Number, line.Description, line.Quantity, line.UnitPrice, line.Amount));
        Assert.Equal(new LateUsageOf(March, "acme@2025-03-01", "INV-gpucloud-us-000001"), line.Adjusts);
        // The period re-rated at 2 hours, rounded as its line would have been, less the 1.5 hours invoiced, rounded as they were.
        var (lateSeconds, lateAmount) = ((2m - 1.5m) * 3600m, Math.Round(2m * 2.49m, 2, MidpointRounding.ToEven) - Math.Round(1.5m * 2.49m, 2, MidpointRounding.ToEven));
        var explanation = "Late usage of 2025-03-01..2025-03-31 billed here: the charge re-rated with the late usage, rounded as its line would have been written, "
                          + $"minus what invoice INV-gpucloud-us-000001 and any adjustment since billed for it: {lateAmount:0.00} USD. The quantity is the difference too ({lateSeconds:0} GPU-seconds).";
        Assert.Equal(((decimal?)lateSeconds, (decimal?)0.5m, new LineCalculation(LineMethod.LateUsage, lateAmount, explanation)),
            (line.Seconds, line.Hours, line.Calculation));
        Assert.Equal("0.500000", line.Hours!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((2L, "acme@2025-03-01T05:00Z"), (line.Lineage.TotalsVersion!.Value, line.Lineage.AccrualStream));
        Assert.Equal((1.24m, 0.11m, 1.35m), (april.Subtotal, april.Tax, april.Total));
        Assert.Equal(new Reconciliation(0, 0, 0, 0), april.Reconciliation);

        var marchNow = await (await operatorClient.GetAsync("/v1/invoices/acme@2025-03-01")).ReadAsync<InvoiceView>();
        Assert.Equal(
            (march.InvoiceNumber, march.Subtotal, march.Tax, march.Total, march.Version, 1.5m),
            (marchNow.InvoiceNumber, marchNow.Subtotal, marchNow.Tax, marchNow.Total, marchNow.Version, Assert.Single(marchNow.Lines).Quantity));
        Assert.Equal(["invoice_draft_opened", "invoice_draft_updated", "invoice_finalized"], await service.EventTypesAsync("acme@2025-03-01"));
        Assert.Equal(["invoice_draft_opened", "late_usage_adjusted", "invoice_finalized"], await service.EventTypesAsync("acme@2025-04-01"));

        // Partners hear of both invoices and, separately, of the late March usage billed on April's.
        List<Metering.Contracts.PartnerEvent> told = [];
        await Eventually.AssertAsync(async () =>
        {
            told = [.. service.PartnerEvents.Where(e => e.TenantId == "acme")];
            Assert.Equal(3, told.Count);
            await Task.CompletedTask;
        });
        Assert.Equal(["invoice.finalized", "invoice.finalized", "invoice.late_usage_billed"], told.Select(e => e.Type).Order(StringComparer.Ordinal));
        var late = told.Single(e => e.Type == "invoice.late_usage_billed");
        Assert.Equal(HttpJson.Compact(
            """
            {"invoiceId":"acme@2025-04-01","invoiceNumber":"INV-gpucloud-us-000002","adjustsInvoiceId":"acme@2025-03-01",
             "adjustsInvoiceNumber":"INV-gpucloud-us-000001","adjustsPeriodStart":"2025-03-01","adjustsPeriodEnd":"2025-04-01","currency":"USD",
             "lines":[{"lineNumber":1,"description":"Late usage for 2025-03-01..2025-03-31 (invoice INV-gpucloud-us-000001): H100 on-demand GPU time","amount":"1.24",
                       "seconds":"1800","hours":"0.500000","calculation":{"method":"LateUsage","unroundedAmount":"1.24","explanation":"EXPLANATION"}}],
             "amount":"1.24"}
            """).Replace("EXPLANATION", explanation),
            HttpJson.Compact(late.Data));
        Assert.NotEqual(told.Single(e => e.Type == "invoice.finalized" && e.Data.Contains("INV-gpucloud-us-000002")).EventId, late.EventId);
    }
}
