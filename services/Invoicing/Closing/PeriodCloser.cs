using GpuBilling.Messaging;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Invoices;
using Marten;
using Npgsql;

namespace Invoicing.Closing;

public sealed class ClosingOptions
{
    /// <summary>How often the closer looks for periods whose grace has passed.</summary>
    public TimeSpan CloserInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Closes every draft or held invoice whose period ended and whose grace passed, earliest period
/// first (so late usage of one period lands on the next only after that one is billed). One
/// instance at a time: two closers would race for the same numbers and streams, and although
/// the versions and the counter's row lock would keep that correct, it is wasted work.
/// </summary>
public sealed class PeriodCloser(
    InvoiceClosing closing,
    IDocumentStore store,
    TimeProvider clock,
    ClosingOptions options,
    NpgsqlDataSource database,
    ILogger<PeriodCloser> logger) : LeaderOnlyService(AdvisoryLocks.PeriodCloser, database, logger)
{
    public static readonly Actor Closer = Actor.Service("invoicing-period-closer");

    protected override Task LeadAsync(CancellationToken leadership) => InRoundsAsync(CloseDueAsync, options.CloserInterval, leadership);

    private async Task CloseDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<InvoiceSummary> ended;
        await using (var session = store.QuerySession())
        {
            ended = await session.Query<InvoiceSummary>()
                .Where(s => (s.Status == InvoiceStatus.Draft || s.Status == InvoiceStatus.Held) && s.Period.End <= now)
                .OrderBy(s => s.Period.Start)
                .ToListAsync(cancellationToken);
        }

        foreach (var summary in ended)
        {
            try
            {
                await using (var session = store.QuerySession())
                {
                    var account = (await BillingAccountStream.ReadAsync(session, new AccountKey(summary.TenantId), cancellationToken))?.Account;
                    if (account is null || InvoiceStreams.ClosesAt(summary.Period, account) > now) continue;
                }
                var closed = await closing.CloseAsync(InvoiceKey.Parse(summary.Id), Closer, now, cancellationToken);
                if (closed.Status == InvoiceStatus.Held && summary.Status == InvoiceStatus.Draft)
                    logger.LogWarning("Invoice {InvoiceId} is held: {Mismatch}", closed.Id, closed.Hold!.Mismatch);
                else if (closed.Status == InvoiceStatus.Finalized)
                    logger.LogInformation("Invoice {InvoiceId} finalized as {InvoiceNumber}", closed.Id, closed.Issued!.InvoiceNumber);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One invoice that cannot close (a conflict with a concurrent writer, charges it
                // refuses) must not keep the others open; it is tried again next round.
                logger.LogWarning(e, "Invoice {InvoiceId} could not be closed; trying again next round", summary.Id);
            }
        }
    }
}
