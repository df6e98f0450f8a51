using GpuBilling.Messaging;
using GpuBilling.Periods;
using GpuBilling.ServiceDefaults;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Credits;
using Invoicing.Invoices;
using Invoicing.Periods;
using Invoicing.Ratings;
using Marten;

namespace Invoicing.Standing;

/// <summary>
/// What moved a tenant's standing, with what the caller changed in its own transaction and has not
/// saved yet (a session without an identity map would read the stored one): the credit it drew or
/// granted, the rating or the estimate it keeps.
/// </summary>
public sealed record StandingCause(string Cause, DateTimeOffset Now, Actor By)
{
    /// <summary>The caller holds the tenant's credit in its transaction: <see cref="Credit"/> is it as the caller leaves it (null for a tenant without any).</summary>
    public bool CreditHeld { get; init; }

    public CreditBalance? Credit { get; init; }

    public PeriodCharges? Rating { get; init; }

    public ChargesEstimate? Estimate { get; init; }
}

/// <summary>
/// Reviews a tenant's standing in the caller's transaction: holds the standing, reads what the
/// figures come from, decides on the standing stream, and keeps the figures (<see cref="TenantStanding"/>)
/// whether or not the status changed. Every writer of what a standing depends on calls it in the
/// transaction that writes, so the status and its webhook follow at once and never from a dual write;
/// the hold makes reviews of one tenant take turns, so none keeps figures older than the last one kept.
/// </summary>
public static class StandingReview
{
    /// <summary>Estimates and ratings of periods older than this cannot draw any more: their invoices have closed.</summary>
    private static readonly TimeSpan OpenPeriodsReach = BillingAccountValidator.MaxGracePeriod + TimeSpan.FromDays(1);

    /// <returns>The standing kept; null for a tenant without a billing account, which has none.</returns>
    public static async Task<TenantStanding?> ReviewAsync(WriteTransaction write, string tenantId, StandingCause cause, CancellationToken cancellationToken)
    {
        var stream = await StandingStream.FetchForWritingAsync(write, new StandingKey(tenantId), cancellationToken);
        var standing = await ReviewAsync(write.Session, stream, tenantId, cause, cancellationToken);
        stream.Save(write.Session);
        return standing;
    }

    /// <summary>Reviews on a standing stream the caller fetched (and so holds) and decides more on; the caller saves it.</summary>
    public static async Task<TenantStanding?> ReviewAsync(
        IDocumentSession session, StandingStream stream, string tenantId, StandingCause cause, CancellationToken cancellationToken)
    {
        var figures = await FiguresAsync(session, tenantId, cause, cancellationToken);
        if (figures is null) return null;
        stream.Decide(state => StandingDecision.Decide(new ReviewStanding(tenantId, figures, cause.Cause, cause.Now, cause.By), state));
        var standing = TenantStanding.Of(tenantId, figures, stream.State, stream.Version, cause.Now);
        session.Store(standing);
        return standing;
    }

    /// <summary>The figures as of the cause, from what is stored and what the cause holds unsaved; null without a billing account.</summary>
    public static async Task<StandingFigures?> FiguresAsync(IQuerySession session, string tenantId, StandingCause cause, CancellationToken cancellationToken)
    {
        var account = (await BillingAccountStream.ReadAsync(session, new AccountKey(tenantId), cancellationToken))?.Account;
        if (account is null) return null;
        var credit = cause.CreditHeld ? cause.Credit : (await CreditStream.ReadAsync(session, new CreditKey(tenantId), cancellationToken)).State;

        var since = cause.Now - OpenPeriodsReach;
        var estimates = (await session.Query<ChargesEstimate>()
                .Where(e => e.TenantId == tenantId && e.PeriodEnd > since)
                .ToListAsync(cancellationToken))
            .Where(e => e.Id != cause.Estimate?.Id)
            .Concat(cause.Estimate is { } given ? [given] : [])
            .Where(e => e.Estimate.CurrencyCode == account.CurrencyCode)
            .ToDictionary(e => e.Id);
        var current = BillingPeriod.Containing(cause.Now, account);
        var keys = estimates.Keys.Append(PeriodCharges.KeyFor(tenantId, current.Start)).Concat(cause.Rating is { } late ? [late.Id] : []).Distinct().ToList();
        var ratings = (await session.LoadManyAsync<PeriodCharges>(cancellationToken, keys.Where(k => k != cause.Rating?.Id)))
            .Concat(cause.Rating is { } rating ? [rating] : [])
            .Where(r => r.Rated.CurrencyCode == account.CurrencyCode)
            .ToDictionary(r => r.Id);

        var periods = keys.Select(key =>
        {
            var rated = ratings.GetValueOrDefault(key);
            var estimate = estimates.GetValueOrDefault(key)?.Estimate;
            var start = rated?.Rated.PeriodStart ?? estimate?.PeriodStart ?? current.Start;
            return new PeriodUsage(InvoiceKey.Of(tenantId, BillingPeriod.Containing(start, account)).ToString(), start, rated, estimate);
        }).ToList();
        return StandingCalculation.Of(new StandingInputs(tenantId, account.Currency, account.TaxRate, credit, current.Start, periods, cause.Now));
    }
}
