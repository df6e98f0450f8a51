using Invoicing.Invoices.Crediting;
using Marten;
using Metering.Periods;

namespace Invoicing.Invoices;

/// <summary>
/// The invoice write path: the stream read with the version it was read at, decisions run one
/// after another against the state each leaves, and everything they decided appended once at
/// that version, so a writer that raced this one makes the save fail instead of interleaving.
/// The stream is folded by <see cref="Invoice.Evolve"/>; no Marten projection is involved.
/// </summary>
public sealed class InvoiceStream
{
    private readonly List<InvoiceEvent> _pending = [];

    private InvoiceStream(string id, Invoice? state, long version)
    {
        Id = id;
        State = state;
        ReadVersion = version;
    }

    public string Id { get; }

    /// <summary>The state after the events read and those decided since.</summary>
    public Invoice? State { get; private set; }

    public long ReadVersion { get; }

    /// <summary>The version the stream has once what was decided is saved.</summary>
    public long Version => ReadVersion + _pending.Count;

    public static async Task<InvoiceStream> FetchForWritingAsync(IQuerySession session, string invoiceId, CancellationToken cancellationToken)
    {
        var stored = await session.Events.FetchStreamAsync(invoiceId, token: cancellationToken);
        // Ids come from requests too: one naming another kind of stream (a tenant's account, "acme") names no invoice.
        var events = stored.Select(e => e.Data).OfType<InvoiceEvent>().ToList();
        return new InvoiceStream(invoiceId, Invoice.Replay(events), events.Count == 0 ? 0 : stored[^1].Version);
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
        if (ReadVersion == 0) session.Events.StartStream(Id, _pending);
        else session.Events.Append(Id, Version, _pending);
        session.Store(InvoiceSummary.Of(State!, Version));
        foreach (var note in _pending.OfType<CreditNoteIssued>()) session.Store(IssuedCreditNote.Of(note, State!.TenantId));
    }
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
