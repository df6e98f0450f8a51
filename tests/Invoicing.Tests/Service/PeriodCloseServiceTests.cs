using System.Net;
using System.Net.Http.Json;
using GpuBilling.Testing;
using Invoicing.Audit;
using Invoicing.Invoices;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Service;

public sealed class ClosingService() : InvoicingService("invoicing_closing_tests", At("2025-03-20T12:00:00Z"));

/// <summary>
/// March 2025 of a New York tenant (USD, 8.875% tax, 2 days' grace): 5,400 GPU-seconds in the
/// ledger, rated as 1.5 H100 hours (3.735), 19.88 kWh (2.485) and a commitment shortfall of
/// 10.005, each rounded half to even where the line is written: 3.74, 2.48 and 10.00 (half up
/// would give 3.74, 2.49 and 10.01).
/// </summary>
public class PeriodCloseServiceTests(ClosingService service) : IClassFixture<ClosingService>
{
    private const string InvoiceId = "acme@2025-03-01";

    [Fact]
    public async Task The_closer_finalizes_the_period_after_its_grace_with_exact_lines_totals_and_reconciliation()
    {
        var operatorClient = await service.OperatorAsync();
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync("/v1/billing-accounts/acme", Acme)).StatusCode);
        var ledgerEvent = Usage(Guid.NewGuid(), At("2025-03-10T14:00:00Z"), ("acme", "GPU-1", "0-3599"), ("acme", "GPU-2", "0-1799"));
        // Redelivered ledger events count once; an older rating arriving after a newer one changes nothing.
        await service.PublishAsync(ledgerEvent, ledgerEvent);
        await service.PublishAsync(Rated("acme", March, 3, 5400, H100(1.5m), Energy(19.88m), Shortfall(10.005m)));
        await Eventually.AssertAsync(async () =>
            Assert.Equal(3, (await (await operatorClient.GetAsync($"/v1/invoices/{InvoiceId}")).ReadAsync<InvoiceView>()).TotalsVersion));
        await service.PublishAsync(Rated("acme", March, 2, 3600, H100(1m)));
        await service.DrainedAsync();

        // 22:30 on 3 April in New York: the period ended on 1 April 04:00 UTC, its grace 2 days later.
        service.Clock.SetUtcNow(At("2025-04-04T02:30:00Z"));

        var invoice = await InvoicingService.InvoiceWhenAsync(operatorClient, InvoiceId, InvoiceStatus.Finalized);
        Assert.Equal("INV-gpucloud-us-000001", invoice.InvoiceNumber);
        Assert.Equal(
            [
                (1, "Commitment shortfall", "commitment-shortfall", "commitment-shortfall", 1m, "each", 10.005m, 10.00m),
                (2, "Energy", "energy", "energy", 19.88m, "kWh", 0.125m, 2.48m),
                (3, "H100 on-demand GPU time", "gpu-time", "H100/on-demand", 1.5m, "GPU-hour", 2.49m, 3.74m),
            ],
            invoice.Lines.Select(l => (l.Number, l.Description, l.Meter, l.PriceKey, l.Quantity, l.Unit, l.UnitPrice, l.Amount)));
        Assert.Equal((16.22m, 0.08875m, 1.44m, 17.66m), (invoice.Subtotal, invoice.TaxRate, invoice.Tax, invoice.Total));
        Assert.Equal(new Reconciliation(5400, 5400, 5400, 5400), invoice.Reconciliation);
        Assert.Equal(FinalizationTrigger.PeriodClosed, invoice.Trigger);
        Assert.Equal((new DateOnly(2025, 4, 3), new DateOnly(2025, 5, 3)), (invoice.IssueDate, invoice.DueDate));
        Assert.All(invoice.Lines, l => Assert.Equal(
            new ChargeLineage("rc-standard", 3, l.Meter == "gpu-time" ? "H100" : null, [], "acme@2025-03-01T05:00Z", 3, l.Lineage.MeterQuantity),
            l.Lineage with { Usage = [] }));
        // The seconds and joules each metered line charges, as rated: none for the shortfall.
        Assert.Equal([null, 71_568_000m, 5400m], invoice.Lines.Select(l => l.Lineage.MeterQuantity));
        Assert.All(invoice.Lines, l => Assert.Empty(l.Lineage.Usage));

        // One update when the period closed, not one per rating.
        Assert.Equal(["invoice_draft_opened", "invoice_draft_updated", "invoice_finalized"], await service.EventTypesAsync(InvoiceId));
        var audit = await (await operatorClient.GetAsync($"/v1/invoices/{InvoiceId}/recompute")).ReadAsync<AuditReport>();
        Assert.True(audit.Matches);
        Assert.Equal(3, audit.Chain.EventsIntact);

        // The next period has its draft, and it is not due yet.
        var april = await (await operatorClient.GetAsync("/v1/invoices/acme@2025-04-01")).ReadAsync<InvoiceView>();
        Assert.Equal((InvoiceStatus.Draft, April), (april.Status, april.Period));
        Assert.Equal(1, await service.ScalarAsync("select last_number from invoicing.invoice_numbers where series = 'gpucloud-us'"));
    }
}
