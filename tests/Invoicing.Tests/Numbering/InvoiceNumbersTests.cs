using GpuBilling.Testing;
using Invoicing.Numbering;
using Npgsql;

namespace Invoicing.Tests.Numbering;

/// <summary>
/// Gapless numbering on the real PostgreSQL. Each test numbers an issuer of its own, so tests
/// of the class never see each other's counters.
/// </summary>
public class InvoiceNumbersTests(NumberingDatabase database) : IClassFixture<NumberingDatabase>
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_issuers_first_finalizations_are_numbered_1_to_n()
    {
        List<string> numbers = [];
        for (var i = 0; i < 3; i++) numbers.Add(await TakeAndCommitAsync("sequential"));

        Assert.Equal(["INV-sequential-000001", "INV-sequential-000002", "INV-sequential-000003"], numbers);
    }

    [Fact]
    public async Task A_finalization_that_rolls_back_gives_its_number_to_the_next()
    {
        var first = await TakeAndCommitAsync("given-back");
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.Equal("INV-given-back-000002", await InvoiceNumbers.TakeNextAsync(transaction, "given-back", default));
            await transaction.RollbackAsync();
        }
        var second = await TakeAndCommitAsync("given-back");
        var third = await TakeAndCommitAsync("given-back");

        Assert.Equal(["INV-given-back-000001", "INV-given-back-000002", "INV-given-back-000003"], [first, second, third]);
    }

    /// <summary>
    /// Twenty finalizations of one issuer, the first <paramref name="committedBefore"/> already
    /// committed: one takes its number and holds it while all the rest are queued behind it on the
    /// issuer's row (seen in PostgreSQL's lock table, not guessed from time), then rolls back. The nineteen that commit hold exactly 1..19. With none committed
    /// before, the rolled-back number is the row's very first insert; with five, it is an update.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task Concurrent_finalizations_with_one_forced_rollback_commit_exactly_1_to_n(int committedBefore)
    {
        var issuer = $"concurrent-{committedBefore}";
        List<string> committed = [];
        for (var i = 0; i < committedBefore; i++) committed.Add(await TakeAndCommitAsync(issuer));

        await using var rolledBack = await database.DataSource.OpenConnectionAsync();
        await using var rolledBackTransaction = await rolledBack.BeginTransactionAsync();
        Assert.Equal(InvoiceNumbers.Format(issuer, committedBefore + 1),
            await InvoiceNumbers.TakeNextAsync(rolledBackTransaction, issuer, default));

        var waiting = Enumerable.Range(0, 19 - committedBefore).Select(_ => new TaskCompletionSource<int>()).ToList();
        var finalizers = waiting.Select(backend => Task.Run(async () =>
        {
            await using var connection = await database.DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            backend.SetResult(connection.ProcessID);
            var number = await InvoiceNumbers.TakeNextAsync(transaction, issuer, default);
            await transaction.CommitAsync();
            return number;
        })).ToList();
        var backends = await Task.WhenAll(waiting.Select(w => w.Task)).WaitAsync(WaitLimit);
        await AllBlockedAsync(backends, finalizers);

        await rolledBackTransaction.RollbackAsync();
        committed.AddRange(await Task.WhenAll(finalizers).WaitAsync(WaitLimit));

        Assert.Equal(
            Enumerable.Range(1, 19).Select(n => InvoiceNumbers.Format(issuer, n)),
            committed.Order(StringComparer.Ordinal));
        Assert.Equal(19, await LastNumberAsync(database.DataSource, issuer));
    }

    [Fact]
    public async Task Issuers_number_independently_and_never_wait_for_each_other()
    {
        await using var north = await database.DataSource.OpenConnectionAsync();
        await using var northTransaction = await north.BeginTransactionAsync();
        Assert.Equal("INV-north-000001", await InvoiceNumbers.TakeNextAsync(northTransaction, "north", default));

        // North's row stays locked meanwhile; were south to wait on it, the lock timeout would fail the test instead of hanging it.
        List<string> south = [];
        for (var i = 0; i < 2; i++)
        {
            await using var connection = await database.DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var timeout = new NpgsqlCommand("set local lock_timeout = '1s'", connection, transaction))
                await timeout.ExecuteNonQueryAsync();
            south.Add(await InvoiceNumbers.TakeNextAsync(transaction, "south", default));
            await transaction.CommitAsync();
        }
        await northTransaction.CommitAsync();

        Assert.Equal(["INV-south-000001", "INV-south-000002"], south);
        Assert.Equal("INV-north-000002", await TakeAndCommitAsync("north"));
    }

    [Fact]
    public async Task Numbers_survive_a_new_connection_and_the_schema_applied_again_at_a_restart()
    {
        for (var i = 0; i < 3; i++) await TakeAndCommitAsync("durable");

        // A data source of its own: a new pool, so nothing is read back through the connections that wrote.
        await using var restarted = NpgsqlDataSource.Create(database.ConnectionString);
        await NumberingDatabase.ApplySchemaAsync(database.ConnectionString);
        Assert.Equal(3, await LastNumberAsync(restarted, "durable"));
        await using var connection = await restarted.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Assert.Equal("INV-durable-000004", await InvoiceNumbers.TakeNextAsync(transaction, "durable", default));
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task Credit_notes_are_numbered_in_a_series_of_their_own_beside_the_issuers_invoices()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Assert.Equal("INV-credited-000001", await InvoiceNumbers.TakeNextAsync(transaction, "credited", default));
        Assert.Equal("CN-credited-000001", await CreditNoteNumbers.TakeNextAsync(transaction, "credited", default));
        Assert.Equal("CN-credited-000002", await CreditNoteNumbers.TakeNextAsync(transaction, "credited", default));
        Assert.Equal("INV-credited-000002", await InvoiceNumbers.TakeNextAsync(transaction, "credited", default));
        await transaction.CommitAsync();
    }

    private async Task<string> TakeAndCommitAsync(string issuerId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var number = await InvoiceNumbers.TakeNextAsync(transaction, issuerId, default);
        await transaction.CommitAsync();
        return number;
    }

    private static async Task<long> LastNumberAsync(NpgsqlDataSource dataSource, string issuerId)
    {
        await using var command = dataSource.CreateCommand(
            $"select last_number from {InvoicingStorage.Schema}.{InvoiceNumbers.TableName} where series = $1");
        command.Parameters.AddWithValue(issuerId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Until every one of <paramref name="backends"/> waits on a lock: the moment the holder may
    /// roll back with all of them queued behind it. A finalizer that finishes before then took a
    /// number past a held row, which is the bug this test is about.
    /// </summary>
    private async Task AllBlockedAsync(int[] backends, List<Task<string>> finalizers)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (true)
        {
            if (finalizers.FirstOrDefault(f => f.IsCompleted) is { } early)
                Assert.Fail($"A finalizer finished while the issuer's number was held by another transaction: {await early}.");

            await using var command = database.DataSource.CreateCommand(
                "select count(*) from unnest($1::int[]) as b(pid) where cardinality(pg_blocking_pids(b.pid)) > 0");
            command.Parameters.AddWithValue(backends);
            var blocked = (long)(await command.ExecuteScalarAsync())!;
            if (blocked == backends.Length) return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Only {blocked} of {backends.Length} finalizers were waiting on the issuer's row after {WaitLimit}.");
            await Task.Delay(10);
        }
    }
}
