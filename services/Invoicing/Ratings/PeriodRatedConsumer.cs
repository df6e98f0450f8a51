using GpuBilling.Decisions;
using GpuBilling.Messaging;
using GpuBilling.Periods;
using GpuBilling.ServiceDefaults;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Credits;
using Invoicing.Invoices;
using Invoicing.Invoices.Drafting;
using Invoicing.Periods;
using Invoicing.Standing;
using Invoicing.Thresholds;
using Marten;
using MassTransit;
using Metering.Contracts;

namespace Invoicing.Ratings;

/// <summary>
/// Keeps the newest rating of each tenant period (<see cref="PeriodCharges"/>), makes sure the
/// period has its draft invoice, draws credit and reviews the tenant's standing, in one transaction. Ratings arrive redelivered and out of order: one whose totals
/// version is not newer than the kept one changes nothing.
/// </summary>
public sealed class PeriodRatedConsumer(WriteTransactions writes, TimeProvider clock, ILogger<PeriodRatedConsumer> logger)
    : IConsumer<PeriodRated>
{
    /// <summary>Invoicing acting on a message, not on anyone's request.</summary>
    public static readonly Actor Invoicing = Actor.Service("invoicing");

    public async Task Consume(ConsumeContext<PeriodRated> context)
    {
        var rated = context.Message;
        var cancellationToken = context.CancellationToken;
        var key = PeriodCharges.KeyFor(rated.TenantId, rated.PeriodStart);

        await using var write = await writes.BeginAsync(cancellationToken);
        // Two ratings of one period at once would both find the older document and the later
        // save could be the older rating; the lock makes the second see what the first stored.
        await AdvisoryLocks.TenantPeriod.TakeExclusiveAsync(write.Transaction, [key], cancellationToken);

        var session = write.Session;
        var account = (await BillingAccountStream.ReadAsync(session, new AccountKey(rated.TenantId), cancellationToken))?.Account;
        InvoiceStream? draft = null;
        if (account is null)
        {
            logger.LogWarning("Period {PeriodStart} of tenant {TenantId} was rated, but the tenant has no billing account to invoice it on",
                rated.PeriodStart, rated.TenantId);
        }
        else
        {
            var period = PeriodOf(rated, account);
            draft = await InvoiceStream.FetchForWritingAsync(session, InvoiceKey.Of(account.TenantId, period), cancellationToken);
            draft.Decide(state => DraftDecision.Decide(new OpenInvoiceDraft(account, period, clock.GetUtcNow(), Invoicing), state));
            draft.Save(session);
        }

        var kept = await session.LoadAsync<PeriodCharges>(key, cancellationToken);
        if (kept is null || rated.TotalsVersion > kept.TotalsVersion)
        {
            var charges = new PeriodCharges(key, rated);
            session.Store(charges);
            if (account is not null)
            {
                var (creditRead, credit) = await DrawCreditAsync(session, draft!.State!, charges, account, cancellationToken);
                await StandingReview.ReviewAsync(write, account.TenantId,
                    new StandingCause($"rating {charges.Rated.AccrualStream} v{charges.TotalsVersion}", clock.GetUtcNow(), Invoicing)
                    {
                        CreditHeld = creditRead,
                        Credit = credit,
                        Rating = charges,
                    },
                    cancellationToken);
                await TellCrossingsAsync(context, session, kept?.Rated, rated, account, cancellationToken);
            }
        }
        await write.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Draws the tenant's credit as the period's charges grow, in the transaction that keeps the
    /// rating, so a rating is drawn for exactly once it is kept. A finalized invoice was settled
    /// when it was issued: late ratings of its period are billed (and settled) on a later invoice.
    /// </summary>
    /// <returns>Whether the credit was read, and the credit as drawn (unsaved yet), for the standing to be reviewed on.</returns>
    private async Task<(bool Read, CreditBalance? Credit)> DrawCreditAsync(
        IDocumentSession session, Invoice invoice, PeriodCharges charges, BillingAccounts.BillingAccount account, CancellationToken cancellationToken)
    {
        if (invoice.Status is InvoiceStatus.Finalized or InvoiceStatus.Voided) return (false, null);
        var credit = await CreditStream.FetchForWritingAsync(session, new CreditKey(account.TenantId), cancellationToken);
        if (credit.State is null) return (true, null);
        credit.Decide(state => CreditDecision.Decide(new DrawForRating(
            account.TenantId, invoice.Id, charges.Rated.AccrualStream, charges.TotalsVersion, charges.ChargeLines(), account.TaxRate,
            clock.GetUtcNow(), Invoicing), state));
        credit.Save(session);
        return (true, credit.State);
    }

    /// <summary>
    /// Publishes a partner event for each usage threshold the rating crossed. Published before the
    /// rating is kept: should the transaction then fail, the message is retried against the old
    /// rating and publishes the same events again (the same ids), rather than keep the new rating
    /// and have nothing left to say it crossed a level.
    /// </summary>
    private static async Task TellCrossingsAsync(
        ConsumeContext context, IQuerySession session, PeriodRated? previous, PeriodRated rated, BillingAccounts.BillingAccount account,
        CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<UsageThresholds>(rated.TenantId, cancellationToken) is not { } thresholds) return;
        var period = BillingPeriod.Containing(rated.PeriodStart, account);
        foreach (var crossing in ThresholdCrossings.Between(previous, rated, thresholds))
            await context.Publish(ThresholdCrossings.EventOf(rated, period.LocalStart, period.LocalEnd, crossing), cancellationToken);
    }

    /// <summary>
    /// The account's period the rating is for. A rating in another currency or of a period the
    /// account does not cut cannot be invoiced; it is refused whole (to the error queue) rather
    /// than kept to fail the period's close later.
    /// </summary>
    private static BillingPeriod PeriodOf(PeriodRated rated, BillingAccounts.BillingAccount account)
    {
        var problems = new List<FieldProblem>();
        if (rated.CurrencyCode != account.CurrencyCode)
            problems.Add(new(nameof(rated.CurrencyCode), $"is {rated.CurrencyCode}; the billing account of '{account.TenantId}' is in {account.CurrencyCode}"));
        var period = BillingPeriod.Containing(rated.PeriodStart, account);
        if (period.Start != rated.PeriodStart || period.End != rated.PeriodEnd)
            problems.Add(new(nameof(rated.PeriodStart),
                $"{rated.PeriodStart:O}..{rated.PeriodEnd:O} is not a billing period of '{account.TenantId}' (the one containing its start is {period.Start:O}..{period.End:O})"));
        if (problems.Count > 0) throw CommandRefused.Invalid($"Rating of '{rated.TenantId}' from {rated.AccrualStream} v{rated.TotalsVersion} cannot be invoiced", problems);
        return period;
    }
}

// A refused rating is wrong in itself and goes to the error queue at once.
public sealed class PeriodRatedConsumerDefinition() : WorkQueue<PeriodRatedConsumer>(QueueName, isRefused: e => e is CommandRefused)
{
    public const string QueueName = "invoicing-period-rated";
}
