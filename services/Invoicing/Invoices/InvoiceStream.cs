using GpuBilling.Periods;
using Invoicing.Invoices.Crediting;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Invoicing.Invoices;

/// <summary>
/// The invoice write path: Marten's FetchForWriting reads the stream's version and its snapshot
/// (kept inline by <see cref="InvoiceSnapshot"/>, so nothing is replayed), decisions run one after
/// another against the state each leaves, and everything they decided is appended once at the
/// version read, so a writer that raced this one makes the save fail instead of interleaving.
/// </summary>
public sealed class InvoiceStream
{
    private readonly IEventStream<Invoice> _stream;
    private readonly List<InvoiceEvent> _pending = [];

    private InvoiceStream(IEventStream<Invoice> stream)
    {
        _stream = stream;
        State = stream.Aggregate;
    }

    /// <summary>The state after the events read and those decided since.</summary>
    public Invoice? State { get; private set; }

    public long ReadVersion => _stream.StartingVersion ?? 0;

    /// <summary>The version the stream has once what was decided is saved.</summary>
    public long Version => ReadVersion + _pending.Count;

    public static async Task<InvoiceStream> FetchForWritingAsync(IDocumentSession session, InvoiceKey key, CancellationToken cancellationToken) =>
        new(await session.Events.FetchForWriting<Invoice>(key.ToString(), cancellationToken));

    /// <summary>
    /// The invoice as its snapshot holds it, with the stream's version, for reading only: one round
    /// trip, no replay. The snapshot is written in the transaction that appends to the stream.
    /// </summary>
    public static async Task<(Invoice? State, long Version)> ReadAsync(IQuerySession session, InvoiceKey key, CancellationToken cancellationToken)
    {
        var batch = session.CreateBatchQuery();
        var state = batch.Events.FetchStreamState(key.ToString());
        var invoice = batch.Load<Invoice>(key.ToString());
        await batch.Execute(cancellationToken);
        return (await invoice, (await state)?.Version ?? 0);
    }

    /// <summary>Runs a decision against the current state and keeps what it decided.</summary>
    public IReadOnlyList<InvoiceEvent> Decide(Func<Invoice?, IReadOnlyList<InvoiceEvent>> decide)
    {
        var events = decide(State);
        _pending.AddRange(events);
        State = events.Aggregate(State, Invoice.Evolve);
        return events;
    }

    /// <summary>
    /// Queues the decided events at the version read, and the invoice's summary (and any credit
    /// note issued) beside them in the same transaction. Once per fetch: the session saves them all together.
    /// </summary>
    public void Save(IDocumentSession session)
    {
        if (_pending.Count == 0) return;
        _stream.AppendMany(_pending);
        session.Store(InvoiceSummary.Of(State!, Version));
        foreach (var note in _pending.OfType<CreditNoteIssued>()) session.Store(IssuedCreditNote.Of(note, State!.TenantId));
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
