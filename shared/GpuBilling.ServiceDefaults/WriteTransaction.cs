using System.Data;
using Marten;
using Npgsql;
using SessionOptions = Marten.Services.SessionOptions;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// A Marten session in a transaction of its own, committed with the session's changes. A session
/// without one reads and writes in separate transactions, so an advisory lock taken through it
/// would guard nothing; here a lock taken first holds over every read after it until the commit.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private WriteTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, IDocumentSession session)
    {
        _connection = connection;
        Transaction = transaction;
        Session = session;
    }

    public IDocumentSession Session { get; }

    /// <summary>For advisory locks and plain SQL beside the session's work.</summary>
    public NpgsqlTransaction Transaction { get; }

    internal static async Task<WriteTransaction> BeginAsync(
        NpgsqlDataSource database, IDocumentStore store, IsolationLevel isolation, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken);
            return new WriteTransaction(connection, transaction, store.LightweightSession(SessionOptions.ForTransaction(transaction)));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Session.SaveChangesAsync(cancellationToken);
        await Transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

/// <summary>Begins <see cref="WriteTransaction"/>s on the service's store and its data source (registered with the store).</summary>
public sealed class WriteTransactions(NpgsqlDataSource database, IDocumentStore store)
{
    public Task<WriteTransaction> BeginAsync(CancellationToken cancellationToken) =>
        WriteTransaction.BeginAsync(database, store, IsolationLevel.ReadCommitted, cancellationToken);

    /// <summary>A transaction at another isolation level: repeatable read, for reads that must all see one snapshot.</summary>
    public Task<WriteTransaction> BeginAsync(IsolationLevel isolation, CancellationToken cancellationToken) =>
        WriteTransaction.BeginAsync(database, store, isolation, cancellationToken);
}
