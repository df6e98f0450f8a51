using GpuBilling.Messaging;
using Marten;
using Npgsql;
using SessionOptions = Marten.Services.SessionOptions;

namespace Webhooks.Subscriptions;

/// <summary>
/// A session whose transaction holds a subscription's advisory lock. The API (rotation, deletion)
/// and the delivery worker (disabling) both change a subscription read a moment before; without
/// the lock a disable could write back the secret a rotation had just replaced.
/// </summary>
public sealed class LockedSubscription : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private LockedSubscription(NpgsqlConnection connection, NpgsqlTransaction transaction, IDocumentSession session, WebhookSubscription? subscription)
    {
        _connection = connection;
        _transaction = transaction;
        Session = session;
        Subscription = subscription;
    }

    public IDocumentSession Session { get; }

    /// <summary>The subscription as it is now, or null if it does not exist (any more).</summary>
    public WebhookSubscription? Subscription { get; }

    public static async Task<LockedSubscription> TakeAsync(NpgsqlDataSource database, IDocumentStore store, string subscriptionId,
        CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await AdvisoryLocks.Subscription.TakeExclusiveAsync(transaction, [subscriptionId], cancellationToken);
        var session = store.LightweightSession(SessionOptions.ForTransaction(transaction));
        var subscription = await session.LoadAsync<WebhookSubscription>(subscriptionId, cancellationToken);
        return new LockedSubscription(connection, transaction, session, subscription);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Session.SaveChangesAsync(cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
