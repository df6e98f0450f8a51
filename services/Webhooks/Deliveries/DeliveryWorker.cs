using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Marten;
using Npgsql;
using Webhooks.Signing;
using Webhooks.Subscriptions;

namespace Webhooks.Deliveries;

/// <summary>
/// Sends the deliveries that have come due, in one instance at a time (a leader lock), so no
/// delivery is sent by two instances at once. Each attempt is saved before the delivery is taken
/// again; a crash between sending and saving sends the same message, with the same webhook-id,
/// once more after the restart: at least once, and receivers deduplicate on the id.
/// </summary>
public sealed class DeliveryWorker(
    NpgsqlDataSource database,
    IDocumentStore store,
    WriteTransactions writes,
    WebhookSender sender,
    SecretBox secrets,
    WebhookOptions options,
    DeliveryMetrics metrics,
    TimeProvider clock,
    ILogger<DeliveryWorker> logger) : LeaderOnlyService(AdvisoryLocks.WebhookSender, database, logger)
{
    private const int BatchSize = 100;
    private readonly RetrySchedule _schedule = options.Schedule();

    protected override async Task LeadAsync(CancellationToken leadership)
    {
        while (!leadership.IsCancellationRequested)
        {
            var due = await DueAsync(leadership);
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = leadership },
                async (delivery, cancellationToken) => await AttemptAsync(delivery, cancellationToken));
            if (due.Count < BatchSize) await Task.Delay(options.PollInterval, clock, leadership);
        }
    }

    private async Task<IReadOnlyList<WebhookDelivery>> DueAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var now = clock.GetUtcNow();
        return await session.Query<WebhookDelivery>()
            .Where(d => d.State == DeliveryState.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
    }

    private async Task AttemptAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var subscription = await CurrentSubscriptionAsync(delivery.SubscriptionId, cancellationToken);
        AttemptOutcome? outcome = null;
        if (subscription is { Enabled: true })
        {
            outcome = await sender.SendAsync(delivery, new Uri(subscription.Url), subscription.SecretsAt(clock.GetUtcNow(), secrets), cancellationToken);
            metrics.Attempted(outcome.Attempt);
        }

        await using var locked = await LockedSubscription.TakeAsync(writes, delivery.SubscriptionId, cancellationToken);
        var current = locked.Subscription;
        if (outcome is null || current is null)
        {
            locked.Session.Store(delivery.Abandon(current is null
                ? "The subscription was deleted."
                : $"The subscription is disabled: {current.DisabledReason}"));
        }
        else
        {
            var decided = DeliveryDecision.Decide(delivery, outcome, _schedule, Random.Shared.NextDouble());
            locked.Session.Store(decided.Delivery);
            if (decided.DisableSubscriptionBecause is { } reason && current.Enabled)
            {
                locked.Session.Store(current.Disable(reason, clock.GetUtcNow()));
                logger.LogWarning("Disabled webhook subscription {Subscription} of {Tenant}: {Reason}", current.Id, current.TenantId, reason);
            }
        }
        await locked.CommitAsync(cancellationToken);
    }

    private async Task<WebhookSubscription?> CurrentSubscriptionAsync(string id, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<WebhookSubscription>(id, cancellationToken);
    }
}
