using Marten;

namespace Invoicing.Invoices.Crediting;

/// <summary>
/// Stores the <see cref="IssuedCreditNote"/> of every credit note issued before that document was
/// kept beside its event. A credit note never changes, so storing it again is harmless.
/// </summary>
public sealed class MissingCreditNotes(IDocumentStore store, ILogger<MissingCreditNotes> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var issued = await session.Events.QueryRawEventDataOnly<CreditNoteIssued>().ToListAsync(cancellationToken);
        var present = (await session.LoadManyAsync<IssuedCreditNote>(cancellationToken, issued.Select(n => n.CreditNoteNumber))).Select(n => n.Id).ToHashSet();
        var missing = issued.Where(note => !present.Contains(note.CreditNoteNumber)).ToList();
        if (missing.Count == 0) return;
        foreach (var note in missing) session.Store(IssuedCreditNote.Of(note, InvoiceKey.Parse(note.InvoiceId).TenantId));
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Stored {Count} credit notes issued before they were kept on their own", missing.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
