using System.Globalization;
using System.Text.Json;
using Metering.Contracts;

namespace Fleet.Revenue;

/// <summary>
/// What invoicing told partners of one invoice that changes revenue: that it was finalized (its
/// period's figures are then the invoice's, rounded line by line) with the promotional credit it
/// took off, the credit notes issued against it, and that it was voided (its period then earns
/// nothing). Read from the <see cref="PartnerEvent"/>s invoicing already publishes; the ids of those
/// applied are kept so a redelivery adds nothing.
/// </summary>
/// <param name="Id">Invoicing's invoice id, "{tenant}@{local start date}".</param>
/// <param name="Currency">Null only while a void is all that has arrived: a void names no currency.</param>
/// <param name="Voided">When invoicing voided it; null while it stands.</param>
public sealed record InvoiceRevenue(
    string Id, string TenantId, DateOnly LocalStart, string? Currency, FinalInvoice? Finalized, IReadOnlyList<CreditNote> CreditNotes, IReadOnlyList<Guid> PartnerEvents,
    DateTimeOffset? Voided = null)
{
    /// <summary>The partner events that say something about revenue; every other type is ignored.</summary>
    public static bool Concerns(PartnerEvent partnerEvent) =>
        partnerEvent.Type is PartnerEventTypes.InvoiceFinalized or PartnerEventTypes.CreditNoteIssued or PartnerEventTypes.InvoiceVoided;

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
            DateOnly.ParseExact(invoiceId[(at + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture), null, null, [], []);
        known = known with
        {
            PartnerEvents = [.. known.PartnerEvents, partnerEvent.EventId],
            Currency = known.Currency ?? (data.TryGetProperty("currency", out var currency) ? currency.GetString() : null),
        };
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
            // Invoicing voids only a finalized invoice with no credit note; a void arriving before the finalization (redelivery order) still stands.
            PartnerEventTypes.InvoiceVoided => known with { Voided = data.GetProperty("voidedAt").GetDateTimeOffset() },
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
