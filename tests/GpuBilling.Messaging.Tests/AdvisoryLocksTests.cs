using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using GpuBilling.Testing;
using Marten;
using Npgsql;

namespace GpuBilling.ServiceDefaults.Tests;

/// <summary>The registry keeps every lock apart, and a lock on a thing excludes exactly what it says, over a real PostgreSQL.</summary>
public sealed class AdvisoryLocksTests : IAsyncLifetime
{
    private const string Name = "advisory_locks_tests";
    private NpgsqlDataSource _database = null!;

    [Fact]
    public void No_two_kinds_of_work_share_a_lock_and_none_takes_Marten_s_own()
    {
        var leaderKeys = AdvisoryLocks.Leaders.Select(l => l.Key).ToList();
        Assert.Equal(leaderKeys.Count, leaderKeys.Distinct().Count());
        Assert.DoesNotContain((long)new StoreOptions().ApplyChangesLockId, leaderKeys);
        Assert.Equal(AdvisoryLocks.Leaders.Count, AdvisoryLocks.Leaders.Select(l => l.Name).Distinct().Count());

        var spaces = AdvisoryLocks.OnThings.Select(l => l.Space).ToList();
        Assert.Equal(spaces.Count, spaces.Distinct().Count());
    }

    [Fact]
    public void Every_store_applies_its_schema_changes_under_a_lock_of_its_own()
    {
        var schemaKeys = AdvisoryLocks.Schemas.Select(l => (long)l.Key).ToList();
        Assert.Equal(schemaKeys.Count, schemaKeys.Distinct().Count());
        Assert.DoesNotContain((long)new StoreOptions().ApplyChangesLockId, schemaKeys);
        Assert.Empty(schemaKeys.Intersect(AdvisoryLocks.Leaders.Select(l => l.Key)));
    }

    [Fact]
    public async Task An_exclusive_lock_on_a_thing_waits_for_its_shared_holders_and_for_nothing_else()
    {
        var tenant = AdvisoryLocks.Tenant;
        await using var first = await BeginAsync();
        await using var second = await BeginAsync();
        await tenant.TakeSharedAsync(first.Transaction, ["acme", "globex"], CancellationToken.None);
        await tenant.TakeSharedAsync(second.Transaction, ["acme"], CancellationToken.None);

        await using var writer = await BeginAsync();
        await tenant.TakeExclusiveAsync(writer.Transaction, ["initech"], CancellationToken.None);
        var waiting = tenant.TakeExclusiveAsync(writer.Transaction, ["acme"], CancellationToken.None);

        await Eventually.AssertAsync(async () => Assert.True(await WaitsForALockAsync(writer.Connection.ProcessID)));
        await first.Transaction.CommitAsync();
        // While the second shared holder remains the lock cannot be granted, so this is no race.
        Assert.True(await WaitsForALockAsync(writer.Connection.ProcessID));
        Assert.False(waiting.IsCompleted);
        await second.Transaction.CommitAsync();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_same_id_under_two_kinds_of_lock_is_two_locks()
    {
        await using var first = await BeginAsync();
        await using var second = await BeginAsync();
        await AdvisoryLocks.Tenant.TakeExclusiveAsync(first.Transaction, ["same-id"], CancellationToken.None);
        await AdvisoryLocks.Subscription.TakeExclusiveAsync(second.Transaction, ["same-id"], CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
        await AdvisoryLocks.TenantPeriod.TakeExclusiveAsync(second.Transaction, ["same-id"], CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task<bool> WaitsForALockAsync(int backend)
    {
        await using var command = _database.CreateCommand("select exists (select from pg_locks where pid = $1 and locktype = 'advisory' and not granted)");
        command.Parameters.AddWithValue(backend);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private async Task<OpenTransaction> BeginAsync()
    {
        var connection = await _database.OpenConnectionAsync();
        return new OpenTransaction(connection, await connection.BeginTransactionAsync());
    }

    private sealed record OpenTransaction(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    public async Task InitializeAsync() => _database = NpgsqlDataSource.Create(await TestServers.CreateDatabaseAsync(Name));

    public async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
