using Audit.Recompute;
using GpuBilling.ServiceDefaults;
using GpuBilling.Testing;
using Invoicing;
using Marten;
using Metering;
using Metering.Ledger;
using Npgsql;
using Pricing;
using Pricing.Accrual;
using Pricing.RateCards;

namespace Audit.Tests;

/// <summary>
/// Today's code on a database the previous release wrote (PreviousRelease/README.md): stored events
/// keep their shape and names across a move of the types that read them, or these tests say where not.
/// </summary>
public sealed class PreviousReleaseDatabase : IAsyncLifetime
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "PreviousRelease");

    public string ConnectionString { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestServers.CreateDatabaseAsync("audit_previous_release_tests");
        // pg_dump's script sets the session's search path to nothing: a connection of its own, never pooled.
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var restore = new NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(Folder, "database.sql")), connection);
            await restore.ExecuteNonQueryAsync();
        }
        // As the upgraded services do at start, before any of them writes.
        foreach (var configure in new Action<StoreOptions>[] { MeteringStorage.Configure, PricingStorage.Configure, InvoicingStorage.Configure })
        {
            using var store = DocumentStore.For(options =>
            {
                configure(options);
                options.Connection(ConnectionString);
            });
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public class PreviousReleaseTests(PreviousReleaseDatabase database) : IClassFixture<PreviousReleaseDatabase>
{
    /// <summary>The one tenant of the previous release's run whose streams nobody edited.</summary>
    private const string Untouched = "untouched";

    public static TheoryData<string, int> Invoices()
    {
        var invoices = new TheoryData<string, int>();
        foreach (var line in File.ReadAllLines(Path.Combine(PreviousReleaseDatabase.Folder, "reports", "exit-codes.tsv")))
        {
            var fields = line.Split('\t');
            invoices.Add(fields[0], int.Parse(fields[1]));
        }
        return invoices;
    }

    [Theory]
    [MemberData(nameof(Invoices))]
    public async Task Each_invoice_recomputes_as_the_previous_release_recomputed_it(string invoiceId, int previousExitCode)
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        var exitCode = await RecomputeCommand.RunAsync(database.ConnectionString, [invoiceId], output, errors, CancellationToken.None);

        Assert.Equal("", errors.ToString());
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(PreviousReleaseDatabase.Folder, "reports", $"{invoiceId}.txt")), output.ToString());
        Assert.Equal(previousExitCode, exitCode);
    }

    [Fact]
    public async Task The_previous_releases_snapshots_read_as_todays_folds_of_their_streams()
    {
        using var metering = Store(MeteringStorage.Configure);
        using var pricing = Store(PricingStorage.Configure);
        await using var ledger = metering.QuerySession();
        await using var accruals = pricing.QuerySession();

        // The other tenants' streams were tampered with after their snapshots were written.
        var hours = (await StreamKeysAsync(ledger, MeteringEvents.Schema)).Where(k => NodeHourKey.Parse(k).NodeId == $"{Untouched}-node").ToList();
        var pricingStreams = await StreamKeysAsync(accruals, PricingEvents.Schema);
        var periods = pricingStreams.Where(k => AccrualStreamKey.TryParse(k, out var key) && key.TenantId == Untouched).ToList();
        var cards = pricingStreams.Where(k => RateCardKey.TryParse(k, out _)).ToList();
        Assert.Equal(3, hours.Count);
        Assert.Single(periods);
        Assert.Single(cards);

        foreach (var hour in hours)
        {
            var events = await ledger.Events.FetchStreamAsync(hour);
            Assert.Equivalent(events.Select(e => (NodeUsageRecorded)e.Data).Aggregate((NodeHourLedger?)null, NodeHourLedger.Evolve),
                await ledger.LoadAsync<NodeHourLedger>(hour), strict: true);
        }
        foreach (var period in periods)
        {
            var events = await accruals.Events.FetchStreamAsync(period);
            Assert.Equivalent(PeriodUsage.From(events.Select(e => e.Data)), await accruals.LoadAsync<PeriodUsage>(period), strict: true);
        }
        foreach (var card in cards)
        {
            var events = await accruals.Events.FetchStreamAsync(card);
            Assert.Equivalent(RateCard.From(events.Select(e => (RateCardVersionPublished)e.Data)), await accruals.LoadAsync<RateCard>(card), strict: true);
        }
    }

    private DocumentStore Store(Action<StoreOptions> configure) =>
        DocumentStore.For(options =>
        {
            configure(options);
            options.Connection(database.ConnectionString);
        });

    private static async Task<List<string>> StreamKeysAsync(IQuerySession session, string schema) =>
        [.. await session.AdvancedSql.QueryAsync<string>($"select id from {schema}.mt_streams order by id", CancellationToken.None)];
}
