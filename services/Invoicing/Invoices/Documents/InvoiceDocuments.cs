using System.Globalization;
using System.Net;
using System.Text;
using GpuBilling.ServiceDefaults;
using Invoicing.BillingAccounts;
using static GpuBilling.ServiceDefaults.Csv;

namespace Invoicing.Invoices.Documents;

/// <summary>
/// An invoice as a file a finance team keeps: CSV for a spreadsheet or a ledger import, a
/// printable HTML page for people. Both are written from the same <see cref="InvoiceView"/> the
/// API answers with, so a download never says anything the JSON does not. Numbers are written
/// invariantly and exactly (no thousands separators, no exponent, amounts as rounded on the
/// invoice, unit prices unrounded), so a CSV reads back to the same decimals everywhere. Each line
/// also says how its amount was computed (<see cref="LineFigures"/>): the CSV in columns after the
/// ones it always had, so an import by column keeps working; the page shows GPU-hours to six places
/// and the explanation under the line.
/// </summary>
public static class InvoiceDocuments
{
    public static readonly string[] Formats = ["json", "csv", "html"];

    private static readonly string[] CsvHeader =
        ["line", "description", "meter", "price_key", "quantity", "unit", "unit_price", "amount", "currency", "rate_card", "rate_card_version", "accrual_stream", "accrual_version", "adjusts_invoice",
         "seconds", "hours", "unrounded_amount", "method", "calculation"];

    /// <summary>The file's name without extension: the invoice number once issued, the invoice id before.</summary>
    public static string FileNameOf(InvoiceView invoice) => invoice.InvoiceNumber ?? invoice.Id.Replace('@', '_');

    /// <summary>
    /// One row per line, then the subtotal, tax and total as rows with no line number (RFC 4180, CRLF);
    /// where credit settled the invoice, its discount before tax and its payment and the amount due after the total.
    /// </summary>
    public static string Csv(InvoiceView invoice)
    {
        var csv = new StringBuilder();
        csv.Row(CsvHeader);
        foreach (var line in invoice.Lines)
        {
            csv.Row(
            [
                Number(line.Number), line.Description, line.Meter, line.PriceKey, Number(line.Quantity), line.Unit,
                Number(line.UnitPrice), Number(line.Amount), invoice.Currency, line.Lineage.RateCardId, Number(line.Lineage.RateCardVersion),
                line.Lineage.AccrualStream ?? "", line.Lineage.TotalsVersion is { } version ? Number(version) : "", line.Adjusts?.InvoiceNumber ?? "",
                line.Seconds is { } seconds ? Number(seconds) : "", line.Hours is { } hours ? Number(hours) : "",
                Number(line.Calculation.UnroundedAmount), line.Calculation.Method.ToString(), line.Calculation.Explanation,
            ]);
        }
        foreach (var (label, amount) in Totals(invoice))
            csv.Row(["", label, "", "", "", "", "", Number(amount), invoice.Currency, "", "", "", "", "", "", "", "", "", ""]);
        return csv.ToString();
    }

    /// <summary>A self-contained page (inline style, nothing fetched) that prints as the invoice; every text from data is HTML-encoded.</summary>
    public static string Html(InvoiceView invoice, LegalParty? issuer, LegalParty? customer)
    {
        var title = invoice.InvoiceNumber is { } number ? $"Invoice {number}" : $"Draft invoice {invoice.Id}";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%}")
            .Append("th,td{padding:.3em .6em;border-bottom:1px solid #ccc;text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}")
            .Append(".parties{display:flex;gap:4em;margin:1em 0}.status{font-weight:bold;text-transform:uppercase}tr.calc td{font-size:.85em;color:#555}</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        if (invoice.Status != InvoiceStatus.Finalized)
            html.Append("<p class=\"status\">").Append(Encode(StatusText(invoice))).Append("</p>\n");
        html.Append("<div class=\"parties\">");
        Party(html, "From", issuer);
        Party(html, "Bill to", customer);
        html.Append("</div>\n<p>Billing period ")
            .Append(Encode(invoice.Period.Start.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture))).Append(" to ")
            .Append(Encode(invoice.Period.End.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture))).Append(" (UTC offsets as at each instant)");
        if (invoice.IssueDate is { } issued) html.Append("<br>Issued ").Append(Date(issued));
        if (invoice.DueDate is { } due) html.Append("<br>Due ").Append(Date(due));
        html.Append("</p>\n<table>\n<thead><tr><th>#</th><th>Description</th><th class=\"n\">Quantity</th><th>Unit</th><th class=\"n\">Unit price</th><th class=\"n\">Amount</th></tr></thead>\n<tbody>\n");
        foreach (var line in invoice.Lines)
        {
            html.Append("<tr><td>").Append(Number(line.Number)).Append("</td><td>").Append(Encode(line.Description));
            if (line.Adjusts is { } adjusts) html.Append(" (adjusts ").Append(Encode(adjusts.InvoiceNumber)).Append(')');
            html.Append("</td><td class=\"n\">").Append(Number(line.Hours ?? line.Quantity)).Append("</td><td>").Append(Encode(line.Unit))
                .Append("</td><td class=\"n\">").Append(Number(line.UnitPrice)).Append("</td><td class=\"n\">").Append(Number(line.Amount)).Append("</td></tr>\n")
                .Append("<tr class=\"calc\"><td></td><td colspan=\"5\">").Append(Encode(line.Calculation.Explanation)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n<tfoot>\n");
        foreach (var (label, amount) in Totals(invoice))
            html.Append("<tr><th colspan=\"5\" class=\"n\">").Append(Encode(label)).Append("</th><td class=\"n\">")
                .Append(Number(amount)).Append(' ').Append(Encode(invoice.Currency)).Append("</td></tr>\n");
        html.Append("</tfoot>\n</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static IEnumerable<(string Label, decimal Amount)> Totals(InvoiceView invoice)
    {
        yield return ("Subtotal", invoice.Subtotal);
        if (invoice.Discount is { } discount) yield return (discount.Description, -discount.Amount);
        if (invoice.TaxRate is { } rate) yield return ($"Tax {(rate * 100).ToString("0.############", CultureInfo.InvariantCulture)}%", invoice.Tax);
        yield return ("Total", invoice.Total);
        if (invoice.Payment is { } payment) yield return (payment.Description, -payment.Amount);
        if (invoice.AmountDue is { } due) yield return ("Amount due", due);
    }

    private static string StatusText(InvoiceView invoice) => invoice.Status switch
    {
        InvoiceStatus.Voided => "Voided: nothing on this invoice is owed",
        InvoiceStatus.Held => $"Draft, held: {invoice.HeldBecause}",
        _ => "Draft: the period is still open and these figures still grow",
    };

    private static void Party(StringBuilder html, string heading, LegalParty? party)
    {
        html.Append("<address><strong>").Append(Encode(heading)).Append("</strong><br>");
        if (party is not null)
        {
            html.Append(Encode(party.Name));
            foreach (var line in party.Address.Lines) html.Append("<br>").Append(Encode(line));
            html.Append("<br>").Append(Encode(string.Join(" ", new[] { party.Address.PostalCode, party.Address.City, party.Address.Region }.Where(p => !string.IsNullOrEmpty(p)))))
                .Append("<br>").Append(Encode(party.Address.CountryCode));
            if (party.TaxId is { } taxId) html.Append("<br>Tax id ").Append(Encode(taxId));
        }
        html.Append("</address>");
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
