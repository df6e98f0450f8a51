using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Marten;

namespace Webhooks.Subscriptions;

/// <summary>
/// A session whose transaction holds a subscription's advisory lock. The API (rotation, deletion)
/// and the delivery worker (disabling) both change a subscription read a moment before; without
/// the lock a disable could write back the secret a rotation had just replaced.
/// </summary>
public sealed class LockedSubscription : IAsyncDisposable
{
    private readonly WriteTransaction _write;

    private LockedSubscription(WriteTransaction write, WebhookSubscription? subscription)
    {
        _write = write;
        Subscription = subscription;
    }

    public IDocumentSession Session => _write.Session;

    /// <summary>The subscription as it is now, or null if it does not exist (any more).</summary>
    public WebhookSubscription? Subscription { get; }

    public static async Task<LockedSubscription> TakeAsync(WriteTransactions writes, string subscriptionId, CancellationToken cancellationToken)
    {
        var write = await writes.BeginAsync(cancellationToken);
        try
        {
            await AdvisoryLocks.Subscription.TakeExclusiveAsync(write.Transaction, [subscriptionId], cancellationToken);
            return new LockedSubscription(write, await write.Session.LoadAsync<WebhookSubscription>(subscriptionId, cancellationToken));
        }
        catch
        {
            await write.DisposeAsync();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _write.CommitAsync(cancellationToken);

    public ValueTask DisposeAsync() => _write.DisposeAsync();
}
