using GpuBilling.HashChains;
using GpuBilling.ServiceDefaults;
using GpuBilling.Testing;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pricing.Accrual;
using Pricing.RateCards;
using static Pricing.Tests.Given;
using static Pricing.Tests.Messages;

namespace Pricing.Tests.Accrual;

/// <summary>
/// Pricing on a database an earlier pricing wrote, before every write went through
/// FetchForWriting: rate cards with no snapshot at all, a period with a snapshot document stored
/// by hand beside each append (in the table as that pricing created it).
/// </summary>
public sealed class SnapshotUpgradeService() : PricingService("pricing_snapshot_upgrade_tests")
{
    public const string Card = "legacy-list";
    public const string Tenant = "legacy";
    public static readonly string Stream = new AccrualStreamKey(Tenant, February).ToString();

    /// <summary>Pricing's store as it was configured before its snapshots were projections.</summary>
    public static DocumentStore EarlierStore(string connectionString) => DocumentStore.For(options =>
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = PricingStorage.Name;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AddEventType<RateCardVersionPublished>();
        options.Events.AddEventType<PeriodOpened>();
        options.Events.AddEventType<UsageAccrued>();
        options.Schema.For<PeriodUsage>();
    });

    public static RateCardVersionPublished FirstVersion(string card) => PublishRateCardVersionDecision.Decide(
        new PublishRateCardVersion(card, "USD", Now, Terms(Rate.PerUnit(H100, 3.60m)), Now, "finance@test"), null);

    protected override async Task BeforeStartAsync(string connectionString)
    {
        using var earlier = EarlierStore(connectionString);
        await using var session = earlier.LightweightSession();
        // As the endpoint appended a version, and accrual a period's first usage with its snapshot.
        var first = FirstVersion(Card);
        session.Events.Append(Card, 1, first);
        var accrued = AccrueUsageDecision.Decide(
            new AccrueUsage(Tenant, February, March, Card, "ledger-earlier",
                [new AllocationUsage("job-1", "GPU-a", H100, [new UsageRun(February.AddDays(2), 300)], 0m)], Now, "pricing@test"),
            null, RateCard.From([first])!);
        var period = PeriodUsage.Evolve(null, accrued);
        session.Events.Append(Stream, period.StreamVersion, accrued);
        session.Store(period);
        await session.SaveChangesAsync();
    }
}

public class SnapshotUpgradeTests(SnapshotUpgradeService pricing) : IClassFixture<SnapshotUpgradeService>
{
    [Fact]
    public async Task Streams_written_before_their_snapshots_were_projected_are_continued_not_restarted()
    {
        await pricing.PublishCardAsync(SnapshotUpgradeService.Card, Terms(Rate.PerUnit(H100, 7.20m)), effectiveFrom: March);
        await pricing.SetTermsAsync(Messages.Terms(SnapshotUpgradeService.Tenant, SnapshotUpgradeService.Card));
        await pricing.PublishAsync(LedgerEvent(February.AddDays(9).AddHours(10), Held(SnapshotUpgradeService.Tenant, "0-599")));

        var stream = SnapshotUpgradeService.Stream;
        await Eventually.AssertAsync(() =>
        {
            Assert.Equal((900L, 2L), (pricing.Latest(stream)?.MeteredGpuSeconds, pricing.Latest(stream)?.LedgerEvents));
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(60));

        await using var read = pricing.Store.QuerySession();
        var versions = (await read.Events.FetchStreamAsync(SnapshotUpgradeService.Card)).Select(e => (RateCardVersionPublished)e.Data).ToList();
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.True(HashChain.Verify(versions).IsIntact);
        Assert.Equal(versions[^1].Hash, (await read.LoadAsync<RateCard>(SnapshotUpgradeService.Card))!.LastHash);

        var accruals = (await read.Events.FetchStreamAsync(stream)).Select(e => (UsageAccrued)e.Data).ToList();
        Assert.Equal(2, accruals.Count);
        Assert.True(HashChain.Verify(accruals).IsIntact);
        var snapshot = (await read.LoadAsync<PeriodUsage>(stream))!;
        Assert.Equal((2L, 900L, accruals[^1].Hash), (snapshot.StreamVersion, snapshot.MeteredGpuSeconds, snapshot.LastHash));
    }

    [Fact]
    public async Task A_stream_with_events_and_no_snapshot_is_refused_until_a_starting_instance_fills_it_in()
    {
        const string card = "legacy-late";
        var connectionString = pricing.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString;
        using (var earlier = SnapshotUpgradeService.EarlierStore(connectionString))
        {
            await using var session = earlier.LightweightSession();
            session.Events.Append(card, 1, SnapshotUpgradeService.FirstVersion(card));
            await session.SaveChangesAsync();
        }

        await using (var session = pricing.Store.LightweightSession())
        {
            var stream = await session.Events.FetchForWriting<RateCard>(card);
            Assert.Equal((1L, null), (stream.StartingVersion, stream.Aggregate));
            Assert.Throws<MissingSnapshotException>(() => stream.StateOf());
        }

        await using (await pricing.StartInstanceAsync())
        {
        }
        await pricing.PublishCardAsync(card, Terms(Rate.PerUnit(H100, 7.20m)), effectiveFrom: March);

        await using var read = pricing.Store.QuerySession();
        var versions = (await read.Events.FetchStreamAsync(card)).Select(e => (RateCardVersionPublished)e.Data).ToList();
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.True(HashChain.Verify(versions).IsIntact);
    }
}
