using GpuBilling.Messaging;
using Marten;
using Npgsql;
using Pricing.Tenants;

namespace Pricing.Accrual;

public sealed class PeriodOpenerOptions
{
    /// <summary>How often the opener looks for tenants whose current period has no accrual stream yet.</summary>
    public TimeSpan PeriodOpenerInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Opens the current billing period of every tenant with terms, so a period begins (and its fixed
/// charges are rated) whether or not usage ever reaches it. A tenant's terms arriving open its
/// current period at once (<see cref="BillingTermsSetConsumer"/>); this catches every period that
/// starts later. One instance at a time: two openers would only race for the same streams, and
/// their versions would make one of them fail.
/// </summary>
public sealed class PeriodOpener(
    PeriodOpening opening,
    IDocumentStore store,
    TimeProvider clock,
    PeriodOpenerOptions options,
    NpgsqlDataSource database,
    ILogger<PeriodOpener> logger) : LeaderOnlyService(AdvisoryLocks.PeriodOpener, database, logger)
{
    protected override Task LeadAsync(CancellationToken leadership) => InRoundsAsync(OpenCurrentPeriodsAsync, options.PeriodOpenerInterval, leadership);

    private async Task OpenCurrentPeriodsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<string> unopened;
        await using (var session = store.QuerySession())
        {
            var terms = await session.Query<TenantTerms>().ToListAsync(cancellationToken);
            var keys = terms.ToDictionary(t => t.Id, t => new OpenPeriod(t, now, PeriodOpening.OpenedBy).StreamKey);
            var open = (await session.LoadManyAsync<PeriodUsage>(cancellationToken, keys.Values.Select(k => k.ToString()))).Select(p => p.Id).ToHashSet();
            unopened = [.. keys.Where(k => !open.Contains(k.Value.ToString())).Select(k => k.Key)];
        }

        foreach (var tenantId in unopened)
        {
            try
            {
                if (await opening.OpenAsync(tenantId, now, cancellationToken))
                    logger.LogInformation("Opened the current billing period of tenant {TenantId}", tenantId);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Usage starting the stream at the same moment fails this append on its version: the period is open either way.
                logger.LogWarning(e, "The current period of tenant {TenantId} could not be opened; trying again next round", tenantId);
            }
        }
    }
}
