using GpuBilling.ServiceDefaults;
using Marten;
using Webhooks.Signing;

namespace Webhooks.Subscriptions;

/// <summary>
/// At start, before the API answers or the worker sends, seals every stored secret that is not yet
/// under the current key: those an earlier version kept in clear, and those sealed under a key being
/// rotated away from. The previous secret of a rotation too, so it keeps signing until it expires.
/// Each under the subscription's lock, read again there, so instances starting together (or an
/// API rotating meanwhile) never write back a secret another has replaced.
/// </summary>
public sealed class StoredSecretsSealing(WriteTransactions writes, IDocumentStore store, SecretBox secrets, ILogger<StoredSecretsSealing> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> unsealed;
        await using (var session = store.QuerySession())
        {
            var all = await session.Query<WebhookSubscription>().ToListAsync(cancellationToken);
            unsealed = [.. all.Where(s => !IsSealed(s)).Select(s => s.Id)];
        }

        foreach (var id in unsealed)
        {
            await using var locked = await LockedSubscription.TakeAsync(writes, id, cancellationToken);
            if (locked.Subscription is not { } subscription || IsSealed(subscription)) continue;
            locked.Session.Store(subscription.SealedAgain(secrets));
            await locked.CommitAsync(cancellationToken);
        }
        if (unsealed.Count > 0) logger.LogInformation("Sealed the signing secrets of {Count} webhook subscriptions under key {KeyId}", unsealed.Count, secrets.CurrentKeyId);
    }

    private bool IsSealed(WebhookSubscription subscription) =>
        secrets.IsSealedUnderCurrentKey(subscription.Secret) && secrets.IsSealedUnderCurrentKey(subscription.PreviousSecret);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
