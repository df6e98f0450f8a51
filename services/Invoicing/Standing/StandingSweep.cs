using GpuBilling.ServiceDefaults;
using Invoicing.Audit;
using Invoicing.Credits;
using Marten;

namespace Invoicing.Standing;

/// <summary>`Invoicing` settings of the standing.</summary>
public sealed class StandingOptions
{
    /// <summary>How long before a grant's expiry `credits.expiring` is sent (once per grant).</summary>
    public TimeSpan CreditExpiryNotice { get; set; } = TimeSpan.FromDays(3);
}

/// <summary>
/// What no message brings, once a round of the credit expiry sweep (<see cref="CreditExpiry"/>, one
/// instance, every `Invoicing:CloserInterval`), whose leadership it shares rather than hold a
/// connection of its own: the notice of each grant about to expire, and a review of every tenant not
/// ok, so that a new period lifts over-limit, and a grant expiring unused makes a tenant low or
/// depleted, even for a tenant whose usage stopped (as a scheduler stops a depleted tenant's).
/// </summary>
public sealed class StandingSweep(IDocumentStore store, WriteTransactions writes, StandingOptions options, ILogger<StandingSweep> logger)
{
    public static readonly Actor Standing = Actor.Service("invoicing-standing");

    public async Task SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var noticeBy = now + options.CreditExpiryNotice;
        List<string> expiring, notOk;
        await using (var query = store.QuerySession())
        {
            expiring = [.. await query.Query<CreditBalance>().Where(b => b.NextExpiry != null && b.NextExpiry <= noticeBy)
                .Select(b => b.TenantId).ToListAsync(cancellationToken)];
            notOk = [.. await query.Query<TenantStanding>().Where(s => s.Status != "ok").Select(s => s.TenantId).ToListAsync(cancellationToken)];
        }

        foreach (var tenantId in expiring.Union(notOk))
        {
            try
            {
                await StreamConflicts.RetryAsync(async () =>
                {
                    await using var write = await writes.BeginAsync(cancellationToken);
                    var standing = await StandingStream.FetchForWritingAsync(write, new StandingKey(tenantId), cancellationToken);
                    var (credit, _) = await CreditStream.ReadAsync(write.Session, new CreditKey(tenantId), cancellationToken);
                    if (credit is not null)
                        standing.Decide(state => StandingDecision.Decide(new NoticeExpiringCredit(tenantId, credit, options.CreditExpiryNotice, now, Standing), state));
                    await StandingReview.ReviewAsync(write.Session, standing, tenantId, new StandingCause("periodic review", now, Standing), cancellationToken);
                    standing.Save(write.Session);
                    await write.CommitAsync(cancellationToken);
                    return true;
                });
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One tenant that cannot be reviewed must not keep the others' standing from moving; tried again next round.
                logger.LogWarning(e, "The standing of tenant {TenantId} could not be reviewed; trying again next round", tenantId);
            }
        }
    }
}
