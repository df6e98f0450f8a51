using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GpuBilling.Money;
using JasperFx.Events;
using Metering.Contracts;

namespace Invoicing.Invoices;

/// <summary>
/// What partners are told of each invoice event: a finalized invoice (and, for each earlier period
/// it corrects, the late usage billed on it), a voided invoice, a credit note. Events partners do
/// not see (drafts, holds) give nothing. Amounts are decimal strings as written on the invoice.
/// </summary>
public static class PartnerEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEnumerable<PartnerEvent> Of(IEvent stored) => stored.Data switch
    {
        InvoiceFinalized finalized => [Finalized(stored.Id, finalized), .. LateUsageBilled(stored.Id, finalized)],
        InvoiceVoided voided => [Event(stored.Id, PartnerEventTypes.InvoiceVoided, InvoiceKey.Parse(voided.InvoiceId).TenantId, voided.OccurredAt, new
        {
            invoiceId = voided.InvoiceId,
            invoiceNumber = voided.InvoiceNumber,
            reason = voided.Reason,
            voidedAt = voided.OccurredAt,
        })],
        CreditNoteIssued note => [Event(stored.Id, PartnerEventTypes.CreditNoteIssued, InvoiceKey.Parse(note.InvoiceId).TenantId, note.OccurredAt, new
        {
            creditNoteNumber = note.CreditNoteNumber,
            invoiceId = note.InvoiceId,
            invoiceNumber = note.InvoiceNumber,
            currency = note.Total.Currency.Code,
            lines = note.Lines.Select(l => new { lineNumber = l.LineNumber, description = l.Description, amount = Text(l.Amount) }),
            subtotal = Text(note.Subtotal),
            tax = Text(note.Tax),
            total = Text(note.Total),
            reason = note.Reason,
            issueDate = note.IssueDate,
        })],
        _ => [],
    };

    private static PartnerEvent Finalized(Guid eventId, InvoiceFinalized finalized) =>
        Event(eventId, PartnerEventTypes.InvoiceFinalized, finalized.TenantId, finalized.OccurredAt, new
        {
            invoiceId = finalized.InvoiceId,
            tenantId = finalized.TenantId,
            invoiceNumber = finalized.InvoiceNumber,
            periodStart = finalized.Period.LocalStart,
            periodEnd = finalized.Period.LocalEnd,
            currency = finalized.Total.Currency.Code,
            subtotal = Text(finalized.Subtotal),
            tax = Text(finalized.Tax),
            total = Text(finalized.Total),
            issueDate = finalized.IssueDate,
            dueDate = finalized.DueDate,
            finalizedAt = finalized.OccurredAt,
        });

    /// <summary>One event per earlier period whose late usage the invoice bills, with that period's adjustment lines.</summary>
    private static IEnumerable<PartnerEvent> LateUsageBilled(Guid eventId, InvoiceFinalized finalized) =>
        finalized.Lines
            .Where(l => l.Adjusts is not null)
            .GroupBy(l => l.Adjusts!)
            .Select(adjustment => Event(
                DerivedId(eventId, adjustment.Key.InvoiceId), PartnerEventTypes.LateUsageBilled, finalized.TenantId, finalized.OccurredAt, new
                {
                    invoiceId = finalized.InvoiceId,
                    invoiceNumber = finalized.InvoiceNumber,
                    adjustsInvoiceId = adjustment.Key.InvoiceId,
                    adjustsInvoiceNumber = adjustment.Key.InvoiceNumber,
                    adjustsPeriodStart = adjustment.Key.Period.LocalStart,
                    adjustsPeriodEnd = adjustment.Key.Period.LocalEnd,
                    currency = finalized.Total.Currency.Code,
                    lines = adjustment.Select(AdjustmentLine),
                    amount = Text(adjustment.Aggregate(Money.Zero(finalized.Total.Currency), (sum, l) => sum + l.Amount)),
                }));

    /// <summary>An adjustment line with the figures every document shows (<see cref="LineFigures"/>), decimals as strings.</summary>
    private static object AdjustmentLine(InvoiceLine line)
    {
        var figures = LineFigures.Of(line);
        return new
        {
            lineNumber = line.Number,
            description = line.Description,
            amount = Text(line.Amount),
            seconds = Text(figures.Seconds),
            hours = Text(figures.Hours),
            calculation = new
            {
                method = figures.Calculation.Method.ToString(),
                unroundedAmount = Text(figures.Calculation.UnroundedAmount),
                explanation = figures.Calculation.Explanation,
            },
        };
    }

    private static PartnerEvent Event(Guid eventId, string type, string tenantId, DateTimeOffset occurredAt, object data) => new()
    {
        EventId = eventId,
        Type = type,
        TenantId = tenantId,
        OccurredAt = occurredAt,
        Data = JsonSerializer.Serialize(data, Json),
    };

    private static string Text(Money money) => Text(money.Amount);

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Text(decimal? value) => value is { } known ? Text(known) : null;

    /// <summary>A stable id for a second partner event made from one stored event: the same inputs always give the same id.</summary>
    private static Guid DerivedId(Guid eventId, string discriminator) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{eventId:N}/{discriminator}")).AsSpan(0, 16));
}
