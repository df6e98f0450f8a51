using GpuBilling.Periods;
using Invoicing.Invoices.Crediting;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Invoicing.Invoices;

/// <summary>
/// The invoice write path (<see cref="DecidedStream{TState, TEvent}"/>) over its snapshot, kept
/// inline by <see cref="InvoiceSnapshot"/>. Beside the events it stores the invoice's summary and
/// any credit note issued.
/// </summary>
public sealed class InvoiceStream : DecidedStream<Invoice, InvoiceEvent>
{
    private InvoiceStream(IEventStream<Invoice> stream) : base(stream, Invoice.Evolve)
    {
    }

    public static async Task<InvoiceStream> FetchForWritingAsync(IDocumentSession session, InvoiceKey key, CancellationToken cancellationToken) =>
        new(await session.Events.FetchForWriting<Invoice>(key.ToString(), cancellationToken));

    public static Task<(Invoice? State, long Version)> ReadAsync(IQuerySession session, InvoiceKey key, CancellationToken cancellationToken) =>
        ReadSnapshotAsync(session, key.ToString(), cancellationToken);

    protected override void StoreBeside(IDocumentSession session, IReadOnlyList<InvoiceEvent> decided)
    {
        session.Store(InvoiceSummary.Of(State!, Version));
        foreach (var note in decided.OfType<CreditNoteIssued>()) session.Store(IssuedCreditNote.Of(note, State!.TenantId));
    }
}

/// <summary>
/// Keeps each invoice's <see cref="Invoice"/> beside its events, folded by the domain's own
/// <see cref="Invoice.Evolve"/>, for <see cref="InvoiceStream"/> to fetch instead of replaying the
/// stream. Inline: written in the transaction that appends, so it is never behind its stream.
/// Streams written before it existed get theirs at start (see Program.cs).
/// </summary>
public sealed class InvoiceSnapshot : SingleStreamProjection<Invoice, string>
{
    /// <summary>Every invoice event, and only those: an account stream's events must cost it nothing.</summary>
    public static readonly Type[] Events =
    [
        typeof(InvoiceDraftOpened), typeof(InvoiceDraftUpdated), typeof(LateUsageAdjusted), typeof(InvoiceHeld),
        typeof(InvoiceReleased), typeof(InvoiceFinalized), typeof(InvoiceVoided), typeof(CreditNoteIssued),
    ];

    public InvoiceSnapshot()
    {
        foreach (var type in Events) IncludeType(type);
    }

    public override Invoice? Evolve(Invoice? snapshot, string id, IEvent e) =>
        e.Data is InvoiceEvent @event ? Invoice.Evolve(snapshot, @event) : snapshot;
}

/// <summary>
/// One row per invoice for what is asked across invoices (a tenant's list, the drafts due to
/// close, the finalized periods late usage may concern). Written in the same transaction as the
/// events it summarises, so it never disagrees with them; the stream stays the truth.
/// </summary>
/// <param name="TotalsVersion">The rating the invoice's charges come from.</param>
/// <param name="Total">Once finalized: the total as issued, in <paramref name="CurrencyCode"/>.</param>
/// <param name="Version">The stream version the row reflects.</param>
public sealed record InvoiceSummary(
    string Id,
    string TenantId,
    BillingPeriod Period,
    InvoiceStatus Status,
    string CurrencyCode,
    long TotalsVersion,
    string? InvoiceNumber,
    decimal? Total,
    DateOnly? IssueDate,
    long Version)
{
    public static InvoiceSummary Of(Invoice invoice, long version) => new(
        invoice.Id, invoice.TenantId, invoice.Period, invoice.Status, invoice.Currency.Code, invoice.TotalsVersion,
        invoice.Issued?.InvoiceNumber, invoice.Issued?.Total.Amount, invoice.Issued?.IssueDate, version);
}
