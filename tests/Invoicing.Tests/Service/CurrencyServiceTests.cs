using System.Net;
using System.Net.Http.Json;
using GpuBilling.Testing;
using Invoicing.Invoices;
using Invoicing.Ratings;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Service;

public sealed class CurrencyService() : InvoicingService("invoicing_currency_tests", At("2025-03-20T12:00:00Z"));

public class CurrencyServiceTests(CurrencyService service) : IClassFixture<CurrencyService>
{
    private const string InvoiceId = "acme@2025-03-01";

    [Fact]
    public async Task A_rating_in_another_currency_than_the_account_goes_to_the_error_queue_with_its_reason_and_the_draft_is_untouched()
    {
        var operatorClient = await service.OperatorAsync();
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync("/v1/billing-accounts/acme", Acme)).StatusCode);
        await service.PublishAsync(Rated("acme", March, 1, 5400, H100(1.5m)));
        await service.DrainedAsync();
        var before = await (await operatorClient.GetAsync($"/v1/invoices/{InvoiceId}")).ReadAsync<InvoiceView>();

        await service.PublishAsync(Rated("acme", March, 2, 7200, H100(2m)) with { CurrencyCode = "EUR" });

        QueuedMessage? faulted = null;
        await Eventually.AssertAsync(async () =>
            faulted = Assert.Single(await Queues.TakeAsync(service.Name, $"{PeriodRatedConsumerDefinition.QueueName}_error")));
        Assert.Equal(
            "Rating of 'acme' from acme@2025-03-01T05:00Z v2 cannot be invoiced: CurrencyCode is EUR; the billing account of 'acme' is in USD.",
            faulted!.Headers["MT-Fault-Message"]);
        var after = await (await operatorClient.GetAsync($"/v1/invoices/{InvoiceId}")).ReadAsync<InvoiceView>();
        // 1.5 h × 2.49 = 3.735 → 3.74: still the dollar rating, on the same stream version.
        Assert.Equal((1L, 3.74m, "USD", before.Version), (after.TotalsVersion, after.Subtotal, after.Currency, after.Version));
        Assert.Equal(1, await service.ScalarAsync(
            "select (data -> 'Rated' ->> 'TotalsVersion')::bigint from invoicing.mt_doc_periodcharges where id = $1",
            PeriodCharges.KeyFor("acme", March.Start)));
    }
}
