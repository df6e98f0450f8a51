using System.Text.Json.Serialization;
using GpuBilling.Money;
using GpuBilling.Periods;
using Invoicing.Periods;

namespace Invoicing.Invoices;

public enum InvoiceStatus { Draft, Held, Finalized, Voided }

/// <summary>
/// What the decisions need to know about one invoice stream, built by <see cref="Evolve"/> from
/// its events. <see cref="LastHash"/> is the hash the next event chains to.
/// </summary>
public sealed record Invoice(
    string Id,
    string TenantId,
    BillingPeriod Period,
    Currency Currency,
    string TimeZoneId,
    InvoiceStatus Status,
    long TotalsVersion,
    IReadOnlyList<ChargeLine> Charges,
    IReadOnlyList<LateUsageAdjustment> Adjustments,
    InvoiceHeld? Hold,
    InvoiceFinalized? Issued,
    IReadOnlyList<CreditNoteIssued> CreditNotes,
    string LastHash)
{
    /// <summary>The GPU-seconds as metered behind the draft's charges: what the invoice reconciles with the ledger and rating.</summary>
    public long? MeteredGpuSeconds { get; init; }

    public static Invoice Evolve(Invoice? state, InvoiceEvent @event)
    {
        if (state is null)
        {
            return @event is InvoiceDraftOpened opened
                ? new Invoice(opened.InvoiceId, opened.TenantId, opened.Period, opened.Currency, opened.TimeZoneId,
                    InvoiceStatus.Draft, 0, [], [], null, null, [], opened.Hash)
                : throw new InvalidOperationException($"An invoice stream starts with {nameof(InvoiceDraftOpened)}, not {@event.GetType().Name}.");
        }

        var next = @event switch
        {
            InvoiceDraftUpdated updated => state with
            {
                TotalsVersion = updated.TotalsVersion, Charges = updated.Charges, MeteredGpuSeconds = updated.MeteredGpuSeconds,
            },
            LateUsageAdjusted adjusted => state with
            {
                Adjustments = [.. state.Adjustments.Where(a => a.For.Period != adjusted.Adjustment.For.Period), adjusted.Adjustment],
            },
            InvoiceHeld held => state with { Status = InvoiceStatus.Held, Hold = held },
            InvoiceReleased => state with { Status = InvoiceStatus.Draft, Hold = null },
            InvoiceFinalized finalized => state with { Status = InvoiceStatus.Finalized, Issued = finalized },
            InvoiceVoided => state with { Status = InvoiceStatus.Voided },
            CreditNoteIssued credit => state with { CreditNotes = [.. state.CreditNotes, credit] },
            InvoiceDraftOpened => throw new InvalidOperationException($"Invoice {state.Id} is already open."),
            _ => throw new InvalidOperationException($"{@event.GetType().Name} is not an invoice event this state knows."),
        };
        return next with { LastHash = @event.Hash };
    }

    public static Invoice? Replay(IEnumerable<InvoiceEvent> events) =>
        events.Aggregate((Invoice?)null, (state, @event) => Evolve(state, @event));

    /// <summary>What the invoice is computed from: its latest charges and late-usage adjustments, at a tax rate.</summary>
    public InvoiceInputs Inputs(decimal? taxRate) => new(Currency, Charges, Adjustments, taxRate);

    /// <summary>How much of a line has been given back by credit notes.</summary>
    public Money Credited(int lineNumber) =>
        CreditNotes.SelectMany(n => n.Lines).Where(l => l.LineNumber == lineNumber)
            .Aggregate(Money.Zero(Currency), (sum, l) => sum + l.Amount);

    /// <summary>What credit notes may still give back on a line: never more than was charged, nothing on a negative line.</summary>
    public Money Creditable(InvoiceLine line)
    {
        var left = line.Amount - Credited(line.Number);
        return left.Amount > 0 ? left : Money.Zero(Currency);
    }

    [JsonIgnore]
    public Money CreditedSubtotal => CreditNotes.Aggregate(Money.Zero(Currency), (sum, n) => sum + n.Subtotal);

    [JsonIgnore]
    public Money CreditedTax => CreditNotes.Aggregate(Money.Zero(Currency), (sum, n) => sum + n.Tax);
}
