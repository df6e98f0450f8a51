using GpuBilling.Decisions;
using GpuBilling.Periods;
using GpuBilling.ServiceDefaults;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Credits;
using Invoicing.Standing;
using Invoicing.Invoices;
using Invoicing.Invoices.Drafting;
using Invoicing.Invoices.Finalizing;
using Invoicing.Ledger;
using Invoicing.Numbering;
using Invoicing.Periods;
using Invoicing.Ratings;
using Marten;

namespace Invoicing.Closing;

/// <summary>
/// Closes one invoice in one transaction: the draft takes the period's latest charges, late usage
/// of earlier finalized periods is adjusted onto it, the ledger, rating and the draft are
/// reconciled, and the invoice is finalized with the issuer's next number or held (a held one is
/// released once the figures agree, then finalized). The period closer does this at the period's
/// end plus grace; an operator may do it earlier.
/// </summary>
public sealed class InvoiceClosing(WriteTransactions writes, InvoicingMetrics metrics)
{
    private const string BeforeNumber = "before_number";

    public async Task<Invoice> CloseAsync(InvoiceKey key, Actor by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var invoiceId = key.ToString();
        await using var write = await writes.BeginAsync(cancellationToken);
        var (session, transaction) = (write.Session, write.Transaction);

        var invoice = await InvoiceStream.FetchForWritingAsync(session, key, cancellationToken);
        var read = invoice.State ?? throw CommandRefused.NotFound($"There is no invoice {invoiceId}.");
        if (read.Status is InvoiceStatus.Finalized or InvoiceStatus.Voided)
            throw CommandRefused.Conflict($"Invoice {invoiceId} is already {read.Status.ToString().ToLowerInvariant()} as {read.Issued!.InvoiceNumber}.");
        var account = (await BillingAccountStream.ReadAsync(session, new AccountKey(read.TenantId), cancellationToken))?.Account
            ?? throw new InvalidOperationException($"Invoice {invoiceId} exists but tenant '{read.TenantId}' has no billing account.");

        var charges = await session.LoadAsync<PeriodCharges>(PeriodCharges.KeyFor(read.TenantId, read.Period.Start), cancellationToken);
        if (charges is not null)
        {
            invoice.Decide(state => DraftDecision.Decide(
                new UpdateInvoiceDraft(invoiceId, charges.TotalsVersion, charges.ChargeLines(), now, by, charges.Rated.MeteredGpuSeconds), state));
        }
        foreach (var adjustment in await LateUsageAsync(session, read, cancellationToken))
            invoice.Decide(state => DraftDecision.Decide(new AdjustForLateUsage(invoiceId, adjustment, now, by), state));

        var reconciliation = Reconciliation.Of(
            await LedgerTally.SumAsync(transaction, read.TenantId, read.Period, cancellationToken), charges?.Rated, invoice.State!.Charges);
        if (invoice.State.Status == InvoiceStatus.Held && reconciliation.IsComplete)
            invoice.Decide(state => FinalizeDecision.Decide(new ReleaseInvoice(invoiceId, reconciliation, now, by), state));
        CreditStream? credits = null;
        if (invoice.State.Status == InvoiceStatus.Draft)
        {
            // The number is taken last, and given back if the decision holds the invoice instead:
            // a held invoice must not leave a hole in the issuer's series.
            await transaction.SaveAsync(BeforeNumber, cancellationToken);
            var number = await InvoiceNumbers.TakeNextAsync(transaction, account.IssuerId, cancellationToken);
            credits = reconciliation.IsComplete ? await SettleCreditsAsync(session, invoice.State, account, number, now, by, cancellationToken) : null;
            invoice.Decide(state => FinalizeDecision.Decide(new FinalizeInvoice(invoiceId, number, account, reconciliation, now, by, credits?.State?.SettlementOf(invoiceId)), state));
            if (invoice.State.Status == InvoiceStatus.Held)
            {
                await transaction.RollbackAsync(BeforeNumber, cancellationToken);
                metrics.Held();
            }
            else
            {
                metrics.Finalized();
                // A settlement draws what no rating drew (a commitment shortfall, rounding, tax): the standing moves with it.
                if (credits is not null)
                    await StandingReview.ReviewAsync(write, read.TenantId,
                        new StandingCause($"settlement of {number}", now, by) { CreditHeld = true, Credit = credits.State }, cancellationToken);
            }
        }

        // The next period has its draft from now on, so it closes (and carries late usage of this
        // one) even if nothing is ever rated in it.
        var next = read.Period.Next(account);
        var nextDraft = await InvoiceStream.FetchForWritingAsync(session, InvoiceKey.Of(read.TenantId, next), cancellationToken);
        nextDraft.Decide(state => DraftDecision.Decide(new OpenInvoiceDraft(account, next, now, by), state));

        invoice.Save(session);
        nextDraft.Save(session);
        credits?.Save(session);
        await write.CommitAsync(cancellationToken);
        return invoice.State;
    }

    /// <summary>
    /// Settles the tenant's credit against the invoice being finalized, in the same transaction:
    /// the draws are brought to exactly what the settlement rule gives for its subtotal (see
    /// <see cref="CreditDecision"/>). Only an invoice about to be finalized is settled (a held one
    /// draws nothing at all); none for a tenant never granted credit.
    /// </summary>
    private static async Task<CreditStream?> SettleCreditsAsync(
        IDocumentSession session, Invoice invoice, BillingAccount account, string number, DateTimeOffset now, Actor by, CancellationToken cancellationToken)
    {
        var credits = await CreditStream.FetchForWritingAsync(session, new CreditKey(invoice.TenantId), cancellationToken);
        if (credits.State is null) return null;
        var subtotal = InvoiceCalculation.Compute(invoice.Inputs(account.TaxRate)).Subtotal;
        credits.Decide(state => CreditDecision.Decide(
            new SettleInvoiceCredits(invoice.TenantId, invoice.Id, number, subtotal, account.TaxRate, now, by), state));
        return credits;
    }

    /// <summary>
    /// One adjustment per earlier finalized period rated again since it was last billed, by its
    /// own invoice or by an adjustment on an invoice finalized since: the period's latest charges
    /// against everything already invoiced for it.
    /// </summary>
    private static async Task<List<LateUsageAdjustment>> LateUsageAsync(IDocumentSession session, Invoice closing, CancellationToken cancellationToken)
    {
        var finalized = await session.Query<InvoiceSummary>()
            .Where(s => s.TenantId == closing.TenantId && s.Status == InvoiceStatus.Finalized && s.Period.Start < closing.Period.Start)
            .ToListAsync(cancellationToken);
        if (finalized.Count == 0) return [];
        var ratings = (await session.LoadManyAsync<PeriodCharges>(cancellationToken, finalized.Select(KeyOf))).ToDictionary(c => c.Id);
        // A period not rated again since its own invoice has nothing late; its stream need not be read.
        if (!finalized.Any(s => ratings.TryGetValue(KeyOf(s), out var latest) && latest.TotalsVersion > s.TotalsVersion)) return [];

        var invoices = (await session.LoadManyAsync<Invoice>(cancellationToken, finalized.Select(s => s.Id)))
            .OrderBy(i => i.Period.Start).ToList();

        var adjustments = new List<LateUsageAdjustment>();
        foreach (var original in invoices)
        {
            if (!ratings.TryGetValue(PeriodCharges.KeyFor(original.TenantId, original.Period.Start), out var latest)) continue;
            var since = invoices.Where(i => i.Period.Start > original.Period.Start).ToList();
            var billedVersion = since
                .SelectMany(i => i.Adjustments.Where(a => a.For.Period == original.Period))
                .SelectMany(a => a.Rerated.Select(c => c.Lineage.TotalsVersion ?? 0))
                .Append(original.TotalsVersion)
                .Max();
            if (latest.TotalsVersion <= billedVersion) continue;

            var issued = original.Issued!;
            List<InvoiceLine> alreadyInvoiced =
            [
                .. issued.Lines.Where(l => l.Adjusts is null),
                .. since.SelectMany(i => i.Issued!.Lines.Where(l => l.Adjusts?.Period == original.Period)),
            ];
            adjustments.Add(new LateUsageAdjustment(
                new LateUsageOf(original.Period, original.Id, issued.InvoiceNumber), latest.ChargeLines(), alreadyInvoiced));
        }
        return adjustments;
    }

    private static string KeyOf(InvoiceSummary summary) => PeriodCharges.KeyFor(summary.TenantId, summary.Period.Start);
}
