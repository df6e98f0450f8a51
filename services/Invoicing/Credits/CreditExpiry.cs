using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Invoicing.Audit;
using Invoicing.Closing;
using Invoicing.Standing;
using Marten;
using Npgsql;

namespace Invoicing.Credits;

/// <summary>
/// Writes off what is left of each grant once its expiry has come (<see cref="ExpireCredits"/>),
/// so an expiry is an event on the stream even for a tenant nothing draws for. The event is dated at
/// the grant's expiry instant whenever the sweep gets to it, and every draw writes off what has
/// expired before it draws, so a sweep that comes late never lets an expired grant be used. One
/// instance at a time, on invoicing's clock, every `Invoicing:CloserInterval`; the standing sweep
/// runs in the same rounds.
/// </summary>
public sealed class CreditExpiry(
    IDocumentStore store,
    WriteTransactions writes,
    TimeProvider clock,
    ClosingOptions options,
    StandingSweep standing,
    NpgsqlDataSource database,
    ILogger<CreditExpiry> logger) : LeaderOnlyService(AdvisoryLocks.CreditExpiry, database, logger)
{
    public static readonly Actor Sweep = Actor.Service("invoicing-credit-expiry");

    /// <summary>Each round writes off what has expired, then sweeps the standings (<see cref="StandingSweep"/>), which see the write-offs.</summary>
    protected override Task LeadAsync(CancellationToken leadership) => InRoundsAsync(async cancellationToken =>
    {
        await ExpireDueAsync(cancellationToken);
        await standing.SweepAsync(clock.GetUtcNow(), cancellationToken);
    }, options.CloserInterval, leadership);

    private async Task ExpireDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<string> due;
        await using (var query = store.QuerySession())
        {
            due = await query.Query<CreditBalance>().Where(b => b.NextExpiry != null && b.NextExpiry <= now)
                .Select(b => b.TenantId).ToListAsync(cancellationToken);
        }

        foreach (var tenantId in due)
        {
            try
            {
                var expired = await StreamConflicts.RetryAsync(async () =>
                {
                    await using var write = await writes.BeginAsync(cancellationToken);
                    var credit = await CreditStream.FetchForWritingAsync(write.Session, new CreditKey(tenantId), cancellationToken);
                    var events = credit.Decide(state => CreditDecision.Decide(new ExpireCredits(tenantId, now, Sweep), state));
                    credit.Save(write.Session);
                    if (events.Count > 0)
                        await StandingReview.ReviewAsync(write, tenantId,
                            new StandingCause("expired credit written off", now, Sweep) { CreditHeld = true, Credit = credit.State }, cancellationToken);
                    await write.CommitAsync(cancellationToken);
                    return events.Count;
                });
                if (expired > 0) logger.LogInformation("Wrote off {Count} expired credit grants of tenant {TenantId}", expired, tenantId);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One tenant's stream that cannot be written must not keep the others' credit from expiring; tried again next round.
                logger.LogWarning(e, "Expired credit of tenant {TenantId} could not be written off; trying again next round", tenantId);
            }
        }
    }
}
