using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Money;
using Invoicing.Audit;
using Invoicing.Invoices;
using Invoicing.Invoices.Crediting;
using Microsoft.Extensions.DependencyInjection;
using static Invoicing.Tests.Samples;
using static Invoicing.Tests.Service.Messages;

namespace Invoicing.Tests.Service;

public sealed class FinalizedInvoicesService() : InvoicingService("invoicing_finalized_tests", At("2025-03-20T12:00:00Z"));

/// <summary>
/// What happens to an invoice after it is issued: it is only ever compensated (credit notes, a
/// void), never edited. When someone with write access to PostgreSQL edits a stored event anyway,
/// the recompute endpoint, which reads the events as stored, names the link the edit broke and
/// every figure that no longer follows from the invoice's inputs.
/// </summary>
public class FinalizedInvoiceServiceTests(FinalizedInvoicesService service) : IClassFixture<FinalizedInvoicesService>
{
    [Fact]
    public async Task An_edited_line_amount_on_the_finalized_invoice_is_named_with_the_link_it_broke()
    {
        var (auditor, invoiceId) = await FinalizedMarchAsync("tamper-final");
        var untouched = await AuditAsync(auditor, invoiceId);
        Assert.True(untouched.Matches);
        // The recompute shows each line with the figures the invoice shows: the same function derives both.
        var issued = await (await auditor.GetAsync($"/v1/invoices/{invoiceId}")).ReadAsync<InvoiceView>();
        Assert.Equal(
            issued.Lines.Select(l => (l.Number, l.Quantity, l.Amount, l.Seconds, l.Hours, l.Calculation)),
            untouched.Recompute!.RecomputedLines.Select(l => (l.Number, l.Quantity, l.Amount, l.Seconds, l.Hours, l.Calculation)));
        Assert.Equal([(null, null, LineMethod.SpendShortfall), (null, null, LineMethod.Energy), (5400m, 1.5m, LineMethod.PerSecond)],
            untouched.Recompute.RecomputedLines.Select(l => (l.Seconds, l.Hours, l.Calculation.Method)));

        await service.ExecuteAsync(
            """
            update invoicing.mt_events set data = jsonb_set(data, '{Lines,0,Amount,Amount}', '9.99'::jsonb)
            where stream_id = $1 and type = 'invoice_finalized'
            """,
            invoiceId);

        var audit = await AuditAsync(auditor, invoiceId);
        Assert.False(audit.Matches);
        Assert.Equal((2, 3L, "InvoiceFinalized"), (audit.Chain.EventsIntact, audit.Chain.FirstBroken!.Version, audit.Chain.FirstBroken.EventType));
        Assert.Equal([new LineDifference(1, "Commitment shortfall", "Amount", "9.99 USD", "10 USD")], audit.Recompute!.Lines);
        Assert.Empty(audit.Recompute.Totals);
        Assert.StartsWith("event 3 (InvoiceFinalized) has hash ", audit.Findings[0]);
        Assert.Equal("line 1 (Commitment shortfall): Amount stored 9.99 USD, recomputed 10 USD", audit.Findings[1]);
    }

    [Fact]
    public async Task An_edited_draft_charge_is_named_with_the_link_it_broke_and_every_figure_it_no_longer_gives()
    {
        var (auditor, invoiceId) = await FinalizedMarchAsync("tamper-draft");

        await service.ExecuteAsync(
            """
            update invoicing.mt_events set data = jsonb_set(data, '{Charges,0,Amount,Amount}', '37.35'::jsonb)
            where stream_id = $1 and type = 'invoice_draft_updated'
            """,
            invoiceId);

        var audit = await AuditAsync(auditor, invoiceId);
        Assert.False(audit.Matches);
        Assert.Equal((1, 2L, "InvoiceDraftUpdated"), (audit.Chain.EventsIntact, audit.Chain.FirstBroken!.Version, audit.Chain.FirstBroken.EventType));
        Assert.Equal([new LineDifference(3, "H100 on-demand GPU time", "Amount", "3.74 USD", "37.35 USD")], audit.Recompute!.Lines);
        var usd = Currency.Of("USD");
        Assert.Equal(
            [
                new TotalDifference("Subtotal", new Money(16.22m, usd), new Money(49.83m, usd)),
                new TotalDifference("Tax", new Money(1.44m, usd), new Money(4.42m, usd)),
                new TotalDifference("Total", new Money(17.66m, usd), new Money(54.25m, usd)),
            ],
            audit.Recompute.Totals);
        Assert.StartsWith("event 2 (InvoiceDraftUpdated) has hash ", audit.Findings[0]);
    }

    [Fact]
    public async Task Credit_notes_give_back_part_of_a_line_numbered_in_their_own_series_and_a_refused_one_takes_no_number()
    {
        var (auditor, invoiceId) = await FinalizedMarchAsync("credited");
        var operatorClient = await service.OperatorAsync();

        var first = await operatorClient.PostAsJsonAsync($"/v1/invoices/{invoiceId}/credit-notes",
            new CreditNoteRequest([new CreditLineRequest(3, 1.00m)], "GPU-2 was throttled for an hour"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var note = await first.ReadAsync<CreditNoteView>();
        Assert.Equal(("CN-credited-issuer-000001", 1.00m, 0.09m, 1.09m), (note.CreditNoteNumber, note.Subtotal, note.Tax, note.Total));

        var tooMuch = await operatorClient.PostAsJsonAsync($"/v1/invoices/{invoiceId}/credit-notes",
            new CreditNoteRequest([new CreditLineRequest(3, 5.00m)], "more than is left"));
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);
        var noSuchLine = await operatorClient.PostAsJsonAsync($"/v1/invoices/{invoiceId}/credit-notes",
            new CreditNoteRequest([new CreditLineRequest(9, 1.00m)], "no such line"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noSuchLine.StatusCode);
        Assert.Equal(["Lines[0].LineNumber"], (await noSuchLine.ReadAsync<System.Text.Json.JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));

        var second = await (await operatorClient.PostAsJsonAsync($"/v1/invoices/{invoiceId}/credit-notes",
            new CreditNoteRequest([new CreditLineRequest(3, 2.74m)], "the rest of the line"))).ReadAsync<CreditNoteView>();
        Assert.Equal(("CN-credited-issuer-000002", 0.24m), (second.CreditNoteNumber, second.Tax));

        var invoice = await (await operatorClient.GetAsync($"/v1/invoices/{invoiceId}")).ReadAsync<InvoiceView>();
        Assert.Equal(["CN-credited-issuer-000001", "CN-credited-issuer-000002"], invoice.CreditNotes.Select(n => n.CreditNoteNumber));
        Assert.Equal((17.66m, 3.74m), (invoice.Total, invoice.Lines.Single(l => l.Number == 3).Amount));
        Assert.Equal(HttpStatusCode.Conflict, (await operatorClient.PostAsJsonAsync($"/v1/invoices/{invoiceId}/void", new VoidRequest("credited instead"))).StatusCode);
        Assert.True((await AuditAsync(auditor, invoiceId)).Matches);

        // Read on their own: the tenant's, a page at a time; no one else's.
        var tenant = await service.ClientForAsync("credited", GpuBilling.Access.Roles.Tenant);
        var page = await (await tenant.GetAsync("/v1/credit-notes?limit=1")).ReadAsync<GpuBilling.ServiceDefaults.Page<IssuedCreditNote>>();
        Assert.Equal([("CN-credited-issuer-000001", invoiceId, "INV-credited-issuer-000001", 1.09m)],
            page.Items.Select(n => (n.Id, n.InvoiceId, n.InvoiceNumber, n.Note.Total)));
        var rest = await (await tenant.GetAsync($"/v1/credit-notes?limit=1&cursor={page.Next}")).ReadAsync<GpuBilling.ServiceDefaults.Page<IssuedCreditNote>>();
        Assert.Equal(["CN-credited-issuer-000002"], rest.Items.Select(n => n.Id));
        Assert.Null(rest.Next);
        var read = await (await tenant.GetAsync("/v1/credit-notes/CN-credited-issuer-000002")).ReadAsync<IssuedCreditNote>();
        Assert.Equal(("credited", "the rest of the line", 2.98m, "USD"), (read.TenantId, read.Note.Reason, read.Note.Total, read.Note.Currency));
        var stranger = await service.ClientForAsync("not-credited", GpuBilling.Access.Roles.Tenant);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/v1/credit-notes/CN-credited-issuer-000002")).StatusCode);
        Assert.Empty((await (await stranger.GetAsync("/v1/credit-notes")).ReadAsync<GpuBilling.ServiceDefaults.Page<IssuedCreditNote>>()).Items);

        // Issued before credit notes were kept on their own: stored again, as it was, at start.
        var before = await tenant.GetStringAsync("/v1/credit-notes/CN-credited-issuer-000002");
        await service.ExecuteAsync("delete from invoicing.mt_doc_issuedcreditnote where id = $1", "CN-credited-issuer-000002");
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.GetAsync("/v1/credit-notes/CN-credited-issuer-000002")).StatusCode);
        await new MissingCreditNotes(
                service.Services.GetRequiredService<Marten.IDocumentStore>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<MissingCreditNotes>.Instance)
            .StartAsync(CancellationToken.None);
        Assert.Equal(before, await tenant.GetStringAsync("/v1/credit-notes/CN-credited-issuer-000002"));
    }

    [Fact]
    public async Task Money_is_answered_as_exact_decimal_strings_with_its_currency_and_read_from_a_string_or_a_number()
    {
        var (_, invoiceId) = await FinalizedMarchAsync("decimal-text");
        var operatorClient = await service.OperatorAsync();

        var invoice = await (await operatorClient.GetAsync($"/v1/invoices/{invoiceId}")).ReadAsync<JsonElement>();
        Assert.Equal(("USD", "16.22", "0.08875", "1.44", "17.66"),
            (Text(invoice, "currency"), Text(invoice, "subtotal"), Text(invoice, "taxRate"), Text(invoice, "tax"), Text(invoice, "total")));
        Assert.Equal(
            [("1", "10.005", "10.00"), ("19.88", "0.125", "2.48"), ("1.5", "2.49", "3.74")],
            invoice.GetProperty("lines").EnumerateArray().Select(l => (Text(l, "quantity"), Text(l, "unitPrice"), Text(l, "amount"))));
        // Rated as 1.5 H100 hours (5400 s) at 2.49, 19.88 kWh (71,568,000 J) at 0.125 and a shortfall of 10.005.
        var (seconds, joules, price, kilowattHours, shortfall) = (1.5m * 3600m, 19.88m * 3_600_000m, 2.49m, 0.125m, 10.005m);
        Assert.Equal(
            [
                (null, null, "SpendShortfall", Exact(shortfall)),
                (null, null, "Energy", Exact(joules * kilowattHours / 3_600_000m)),
                (Exact(seconds), "1.500000", "PerSecond", Exact(seconds * price / 3600m)),
            ],
            invoice.GetProperty("lines").EnumerateArray().Select(l =>
                (TextOrNull(l, "seconds"), TextOrNull(l, "hours"), l.GetProperty("calculation").GetProperty("method").GetString(),
                    Text(l.GetProperty("calculation"), "unroundedAmount"))));
        Assert.Equal(
            [
                $"The committed spend less the covered GPU-time charges after the discount, from their unrounded amounts: {Exact(shortfall)} USD, "
                + "rounded half to even to 0.01 USD: 10.00 USD. Those lines are rounded one by one, so the shortfall can be a minor unit away from the same sum of their printed amounts.",
                $"{Exact(joules)} joules × {Exact(kilowattHours)} USD per kWh ÷ 3600000 = {Exact(joules * kilowattHours / 3_600_000m)} USD, rounded half to even to 0.01 USD: 2.48 USD.",
                $"{Exact(seconds)} GPU-seconds × {Exact(price)} USD per GPU-hour ÷ 3600 = {Exact(seconds * price / 3600m)} USD, rounded half to even to 0.01 USD: 3.74 USD.",
            ],
            invoice.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("calculation").GetProperty("explanation").GetString()));

        var asText = await operatorClient.PostAsync($"/v1/invoices/{invoiceId}/credit-notes",
            JsonBody("""{"lines":[{"lineNumber":3,"amount":"1.00"}],"reason":"sent as text"}"""));
        Assert.Equal(HttpStatusCode.Created, asText.StatusCode);
        Assert.Equal(HttpJson.Compact(
            """
            {"creditNoteNumber":"CN-decimal-text-issuer-000001","currency":"USD","lines":[{"lineNumber":3,"description":"H100 on-demand GPU time","amount":"1.00"}],
             "subtotal":"1.00","tax":"0.09","total":"1.09","reason":"sent as text","issueDate":"2025-03-20"}
            """),
            HttpJson.Compact(await asText.Content.ReadAsStringAsync()));
        var asNumber = await operatorClient.PostAsync($"/v1/invoices/{invoiceId}/credit-notes",
            JsonBody("""{"lines":[{"lineNumber":3,"amount":0.50}],"reason":"sent as a number"}"""));
        Assert.Equal(HttpStatusCode.Created, asNumber.StatusCode);
        var byNumber = await asNumber.ReadAsync<JsonElement>();
        Assert.Equal(("0.50", "0.04", "0.54"), (Text(byNumber, "subtotal"), Text(byNumber, "tax"), Text(byNumber, "total")));

        var notANumber = await operatorClient.PostAsync($"/v1/invoices/{invoiceId}/credit-notes",
            JsonBody("""{"lines":[{"lineNumber":3,"amount":"1,00"}],"reason":"a decimal comma"}"""));
        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (notANumber.StatusCode, notANumber.Content.Headers.ContentType?.MediaType));
        Assert.Equal(["lines[0].amount"], (await notANumber.ReadAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));

        var credited = await (await operatorClient.GetAsync($"/v1/invoices/{invoiceId}")).ReadAsync<JsonElement>();
        Assert.Equal([("USD", "1.09"), ("USD", "0.54")],
            credited.GetProperty("creditNotes").EnumerateArray().Select(n => (Text(n, "currency"), Text(n, "total"))));
    }

    [Fact]
    public async Task A_void_keeps_the_invoice_and_its_number_and_needs_an_operator_and_a_reason()
    {
        var (_, invoiceId) = await FinalizedMarchAsync("voided");
        var operatorClient = await service.OperatorAsync();
        var tenantClient = await service.ClientForAsync("voided", GpuBilling.Access.Roles.Tenant);

        Assert.Equal(HttpStatusCode.Forbidden, (await tenantClient.PostAsJsonAsync($"/v1/invoices/{invoiceId}/void", new VoidRequest("mine"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await operatorClient.PostAsJsonAsync($"/v1/invoices/{invoiceId}/void", new VoidRequest(null))).StatusCode);
        var voided = await operatorClient.PostAsJsonAsync($"/v1/invoices/{invoiceId}/void", new VoidRequest("issued to the wrong entity"));

        Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
        var invoice = await voided.ReadAsync<InvoiceView>();
        Assert.Equal((InvoiceStatus.Voided, "INV-voided-issuer-000001", 17.66m), (invoice.Status, invoice.InvoiceNumber, invoice.Total));
        Assert.Equal(HttpStatusCode.Conflict, (await operatorClient.PostAsJsonAsync($"/v1/invoices/{invoiceId}/void", new VoidRequest("again"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await operatorClient.PostAsync($"/v1/invoices/{invoiceId}/finalize", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.PostAsJsonAsync("/v1/invoices/nobody@2025-03-01/void", new VoidRequest("x"))).StatusCode);
    }

    /// <summary>A tenant of its own (and issuer, so its number is known) with March finalized as in the period close test.</summary>
    [Fact]
    public async Task Partners_are_told_of_the_finalized_invoice_its_credit_note_and_a_voided_invoice_once_each_with_amounts_as_decimal_strings()
    {
        var (_, credited) = await FinalizedMarchAsync("told-credit");
        var (_, voided) = await FinalizedMarchAsync("told-void");
        var operatorClient = await service.OperatorAsync();
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync($"/v1/invoices/{credited}/credit-notes",
            new CreditNoteRequest([new CreditLineRequest(3, 1.00m)], "GPU-2 was throttled"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsJsonAsync($"/v1/invoices/{voided}/void", new VoidRequest("issued to the wrong entity"))).StatusCode);

        List<Metering.Contracts.PartnerEvent> told = [];
        await GpuBilling.Testing.Eventually.AssertAsync(async () =>
        {
            told = [.. service.PartnerEvents.Where(e => e.TenantId is "told-credit" or "told-void")];
            Assert.Equal(4, told.Count);
            await Task.CompletedTask;
        });
        Assert.Equal(
            [("told-credit", "credit_note.issued"), ("told-credit", "invoice.finalized"), ("told-void", "invoice.finalized"), ("told-void", "invoice.voided")],
            told.Select(e => (e.TenantId, e.Type)).Order());
        Assert.Equal(4, told.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(HttpJson.Compact(
            """
            {"creditNoteNumber":"CN-told-credit-issuer-000001","invoiceId":"told-credit@2025-03-01","invoiceNumber":"INV-told-credit-issuer-000001",
             "currency":"USD","lines":[{"lineNumber":3,"description":"H100 on-demand GPU time","amount":"1.00"}],
             "subtotal":"1.00","tax":"0.09","total":"1.09","reason":"GPU-2 was throttled","issueDate":"2025-03-20"}
            """),
            HttpJson.Compact(told.Single(e => e.Type == "credit_note.issued").Data));
        Assert.Equal(HttpJson.Compact(
            """
            {"invoiceId":"told-void@2025-03-01","invoiceNumber":"INV-told-void-issuer-000001","reason":"issued to the wrong entity",
             "voidedAt":"2025-03-20T12:00:00+00:00"}
            """),
            HttpJson.Compact(told.Single(e => e.Type == "invoice.voided").Data));
        Assert.Contains("\"total\":\"17.66\"", told.Single(e => e.TenantId == "told-void" && e.Type == "invoice.finalized").Data);
    }

    [Fact]
    public async Task A_finalized_invoice_downloads_as_the_same_json_an_exact_csv_and_a_printable_page_and_only_by_those_who_may_see_it()
    {
        const string tenant = "downloaded";
        var (_, invoiceId) = await FinalizedMarchAsync(tenant);
        var tenantClient = await service.ClientForAsync(tenant, GpuBilling.Access.Roles.Tenant);
        var view = await (await tenantClient.GetAsync($"/v1/invoices/{invoiceId}")).ReadAsync<InvoiceView>();

        var json = await tenantClient.GetAsync($"/v1/invoices/{invoiceId}/download");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal($"INV-{tenant}-issuer-000001.json", json.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(view), System.Text.Json.JsonSerializer.Serialize(await json.ReadAsync<InvoiceView>()));

        var csv = await tenantClient.GetAsync($"/v1/invoices/{invoiceId}/download?format=csv");
        Assert.Equal(("text/csv", $"INV-{tenant}-issuer-000001.csv"), (csv.Content.Headers.ContentType?.MediaType, csv.Content.Headers.ContentDisposition?.FileName?.Trim('"')));
        Assert.Equal(CsvOf(view), await csv.Content.ReadAsStringAsync());

        var html = await tenantClient.GetAsync($"/v1/invoices/{invoiceId}/download?format=html");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains($"<title>Invoice INV-{tenant}-issuer-000001</title>", page);
        Assert.Contains("<address><strong>Bill to</strong><br>Acme Research LLC<br>500 Lab Road<br>Suite 3<br>02110 Boston MA<br>US</address>", page);
        Assert.Contains("<tr><th colspan=\"5\" class=\"n\">Total</th><td class=\"n\">17.66 USD</td></tr>", page);
        // GPU-hours to six places, and under each line how its amount was computed.
        Assert.Contains("<tr><td>3</td><td>H100 on-demand GPU time</td><td class=\"n\">1.500000</td><td>GPU-hour</td><td class=\"n\">2.49</td><td class=\"n\">3.74</td></tr>\n"
            + "<tr class=\"calc\"><td></td><td colspan=\"5\">"
            + WebUtility.HtmlEncode("5400 GPU-seconds × 2.49 USD per GPU-hour ÷ 3600 = 3.735 USD, rounded half to even to 0.01 USD: 3.74 USD.") + "</td></tr>\n", page);
        Assert.Contains("<tr><th colspan=\"5\" class=\"n\">Tax 8.875%</th>", page);
        Assert.DoesNotContain("class=\"status\"", page);

        var unknownFormat = await tenantClient.GetAsync($"/v1/invoices/{invoiceId}/download?format=pdf");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownFormat.StatusCode);
        Assert.Equal(["format"], (await unknownFormat.ReadAsync<System.Text.Json.JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var stranger = await service.ClientForAsync("someone-else", GpuBilling.Access.Roles.Tenant);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/v1/invoices/{invoiceId}/download?format=csv")).StatusCode);
    }

    /// <summary>The CSV the view implies, written out by hand here so a change of column or number format fails.</summary>
    private static string CsvOf(InvoiceView view)
    {
        static string N(decimal d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        static string Quoted(string text) => $"\"{text}\"";
        var rows = new List<string>
        {
            "line,description,meter,price_key,quantity,unit,unit_price,amount,currency,rate_card,rate_card_version,accrual_stream,accrual_version,adjusts_invoice,"
            + "seconds,hours,unrounded_amount,method,calculation",
        };
        rows.AddRange(view.Lines.Select(l =>
            $"{l.Number},{l.Description},{l.Meter},{l.PriceKey},{N(l.Quantity)},{l.Unit},{N(l.UnitPrice)},{N(l.Amount)},USD,{l.Lineage.RateCardId},{l.Lineage.RateCardVersion},{l.Lineage.AccrualStream},{l.Lineage.TotalsVersion},"
            + $",{(l.Seconds is { } s ? N(s) : "")},{(l.Hours is { } h ? N(h) : "")},{N(l.Calculation.UnroundedAmount)},{l.Calculation.Method},{Quoted(l.Calculation.Explanation)}"));
        rows.Add(",Subtotal,,,,,,16.22,USD,,,,,,,,,,");
        rows.Add(",Tax 8.875%,,,,,,1.44,USD,,,,,,,,,,");
        rows.Add(",Total,,,,,,17.66,USD,,,,,,,,,,");
        return string.Join("\r\n", rows) + "\r\n";
    }

    /// <summary>A property that must be a JSON string: a number here would be read into binary floating point by most clients.</summary>
    private static string Text(JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: JsonValueKind.String } text ? text.GetString()! : throw new Xunit.Sdk.XunitException($"{property} is {element.GetProperty(property)}, not a string");

    private static string? TextOrNull(JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? null : Text(element, property);

    private static string Exact(decimal value) => value.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture);

    private static StringContent JsonBody(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private async Task<(HttpClient Auditor, string InvoiceId)> FinalizedMarchAsync(string tenant)
    {
        var operatorClient = await service.OperatorAsync();
        var account = Account(tenant: tenant, issuer: $"{tenant}-issuer");
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PutAsJsonAsync($"/v1/billing-accounts/{tenant}", account)).StatusCode);
        await service.PublishAsync(Usage(Guid.NewGuid(), At("2025-03-10T14:00:00Z"), (tenant, "GPU-1", "0-3599"), (tenant, "GPU-2", "0-1799")));
        await service.PublishAsync(Rated(tenant, March, 1, 5400, H100(1.5m), Energy(19.88m), Shortfall(10.005m)));
        await service.DrainedAsync();
        var invoiceId = $"{tenant}@2025-03-01";

        // The early close an operator may ask for: both tests finalize on the same clock, whichever runs first.
        var finalize = await operatorClient.PostAsync($"/v1/invoices/{invoiceId}/finalize", null);
        Assert.Equal(HttpStatusCode.OK, finalize.StatusCode);
        var invoice = await finalize.ReadAsync<InvoiceView>();
        Assert.Equal(($"INV-{tenant}-issuer-000001", 17.66m, FinalizationTrigger.EarlyByOperator), (invoice.InvoiceNumber, invoice.Total, invoice.Trigger));
        return (await service.ClientForAsync("carol@audit", GpuBilling.Access.Roles.Auditor, tenant), invoiceId);
    }

    private static async Task<AuditReport> AuditAsync(HttpClient auditor, string invoiceId)
    {
        var response = await auditor.GetAsync($"/v1/invoices/{invoiceId}/recompute");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<AuditReport>();
    }
}
