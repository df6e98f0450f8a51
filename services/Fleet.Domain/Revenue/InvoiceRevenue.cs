using System.Globalization;
using System.Text.Json;
using Metering.Contracts;

namespace Fleet.Revenue;

/// <summary>
/// What invoicing told partners of one invoice that changes revenue: that it was finalized (its
/// period's figures are then the invoice's, rounded line by line) with the promotional credit it
/// took off, and the credit notes issued against it. Read from the <see cref="PartnerEvent"/>s
/// invoicing already publishes; the ids of those applied are kept so a redelivery adds nothing.
/// </summary>
/// <param name="Id">Invoicing's invoice id, "{tenant}@{local start date}".</param>
public sealed record InvoiceRevenue(
    string Id, string TenantId, DateOnly LocalStart, string Currency, FinalInvoice? Finalized, IReadOnlyList<CreditNote> CreditNotes, IReadOnlyList<Guid> PartnerEvents)
{
    /// <summary>The partner events that say something about revenue; every other type is ignored.</summary>
    public static bool Concerns(PartnerEvent partnerEvent) =>
        partnerEvent.Type is PartnerEventTypes.InvoiceFinalized or PartnerEventTypes.CreditNoteIssued;

    /// <summary>The invoice a partner event concerns, or null for one that says nothing of revenue.</summary>
    public static string? InvoiceIdOf(PartnerEvent partnerEvent)
    {
        if (!Concerns(partnerEvent)) return null;
        using var document = JsonDocument.Parse(partnerEvent.Data);
        return document.RootElement.GetProperty("invoiceId").GetString();
    }

    public static InvoiceRevenue Evolve(InvoiceRevenue? known, PartnerEvent partnerEvent)
    {
        if (known?.PartnerEvents.Contains(partnerEvent.EventId) == true) return known;
        using var document = JsonDocument.Parse(partnerEvent.Data);
        var data = document.RootElement;
        var invoiceId = data.GetProperty("invoiceId").GetString()!;
        var at = invoiceId.LastIndexOf('@');
        known ??= new InvoiceRevenue(invoiceId, invoiceId[..at],
            DateOnly.ParseExact(invoiceId[(at + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture), data.GetProperty("currency").GetString()!, null, [], []);
        known = known with { PartnerEvents = [.. known.PartnerEvents, partnerEvent.EventId] };
        return partnerEvent.Type switch
        {
            PartnerEventTypes.InvoiceFinalized => known with
            {
                Finalized = new FinalInvoice(data.GetProperty("invoiceNumber").GetString()!, Amount(data, "subtotal"), Amount(data, "tax"), Amount(data, "total")),
            },
            PartnerEventTypes.CreditNoteIssued => known with
            {
                CreditNotes = [.. known.CreditNotes, new CreditNote(data.GetProperty("creditNoteNumber").GetString()!, Amount(data, "subtotal"))],
            },
            _ => throw new ArgumentException($"A partner event of type '{partnerEvent.Type}' says nothing of revenue.", nameof(partnerEvent)),
        };
    }

    /// <summary>Amounts are decimal strings in partner events: read exactly, never through a binary number.</summary>
    private static decimal Amount(JsonElement data, string name) =>
        decimal.Parse(data.GetProperty(name).GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture);
}

/// <summary>
/// A finalized invoice's totals. Its subtotal is the sum of its rounded lines; promotional credit is
/// a discount before tax and its total is after it, so the discount is subtotal plus tax less total.
/// </summary>
public sealed record FinalInvoice(string InvoiceNumber, decimal Subtotal, decimal Tax, decimal Total)
{
    public decimal PromotionalCredit => Subtotal + Tax - Total;
}

/// <summary>A credit note against the invoice: its amount before tax, what revenue loses.</summary>
public sealed record CreditNote(string CreditNoteNumber, decimal Subtotal);
