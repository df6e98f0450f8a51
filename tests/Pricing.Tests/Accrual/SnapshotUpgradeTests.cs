using System.Text.Json;
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
/// FetchForWriting: rate cards with no snapshot at all, periods with a snapshot document stored
/// by hand beside each append (in the table as that pricing created it), each snapshot holding a
/// total per allocation as pricing kept them before its period_allocations table.
/// </summary>
public sealed class SnapshotUpgradeService() : PricingService("pricing_snapshot_upgrade_tests")
{
    public const string Card = "legacy-list";
    public const string Tenant = "legacy";
    public static readonly string Stream = new AccrualStreamKey(Tenant, February).ToString();

    /// <summary>A tenant whose card bills per started minute: rating its period needs each allocation's seconds.</summary>
    public const string MinutesCard = "legacy-minutes";
    public const string MinutesTenant = "legacy-minutes";
    public static readonly string MinutesStream = new AccrualStreamKey(MinutesTenant, February).ToString();

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
        session.Events.Append(Stream, 1, accrued);
        session.Store(PeriodUsage.Evolve(null, accrued));

        var minutes = PublishRateCardVersionDecision.Decide(
            new PublishRateCardVersion(MinutesCard, "USD", Now, Terms(Rate.PerUnit(H100, 3.60m)) with { Increment = BillingIncrement.PerMinute }, Now, "finance@test"), null);
        session.Events.Append(MinutesCard, 1, minutes);
        var minutesAccrued = AccrueUsageDecision.Decide(
            new AccrueUsage(MinutesTenant, February, March, MinutesCard, "ledger-earlier-minutes",
                [
                    new AllocationUsage("job-1", "GPU-a", H100, [new UsageRun(February.AddDays(2), 30)], 0m),
                    new AllocationUsage("job-1", "GPU-b", H100, [new UsageRun(February.AddDays(2), 30)], 0m),
                ],
                Now, "pricing@test"),
            null, RateCard.From([minutes])!);
        session.Events.Append(MinutesStream, 1, minutesAccrued);
        session.Store(PeriodUsage.Evolve(null, minutesAccrued));
        await session.SaveChangesAsync();

        await StoreAsEarlierSnapshotAsync(connectionString, Stream, accrued);
        await StoreAsEarlierSnapshotAsync(connectionString, MinutesStream, minutesAccrued);
    }

    /// <summary>The snapshot as pricing stored it before it kept totals per key: a total per allocation, under `Allocations`.</summary>
    private static async Task StoreAsEarlierSnapshotAsync(string connectionString, string stream, UsageAccrued accrued)
    {
        var allocations = accrued.Quantities.ToDictionary(
            q => new AllocationKey(q.RateCardVersion, q.Key, q.WorkloadId, q.GpuUuid),
            q => new StoredAllocationTotal(q.Seconds, q.EnergyJoules));
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand(
            $"update {PricingStorage.Name}.mt_doc_periodusage set data = (data - 'Keys') || jsonb_build_object('Allocations', $2::jsonb) where id = $1");
        command.Parameters.Add(new() { Value = stream });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(allocations), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
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
    public async Task A_period_accrued_before_allocations_were_kept_apart_is_rated_from_every_allocations_seconds()
    {
        await pricing.SetTermsAsync(Messages.Terms(SnapshotUpgradeService.MinutesTenant, SnapshotUpgradeService.MinutesCard));
        await pricing.PublishAsync(LedgerEvent(February.AddDays(9).AddHours(10), Held(SnapshotUpgradeService.MinutesTenant, "0-30", gpu: "GPU-b")));

        // Before the upgrade GPU-a held 30 s and GPU-b 30 s; GPU-b now 31 more. Per started minute:
        // GPU-a 60, GPU-b 61 s → 120. Summed before rounding the 91 s would bill 120.
        const long metered = 30 + 30 + 31;
        const decimal billable = 60 + 120;
        await Eventually.AssertAsync(() =>
        {
            Assert.Equal((metered, billable, 2L),
                (pricing.Latest(SnapshotUpgradeService.MinutesStream)?.MeteredGpuSeconds, pricing.Latest(SnapshotUpgradeService.MinutesStream)?.BillableGpuSeconds,
                    pricing.Latest(SnapshotUpgradeService.MinutesStream)?.LedgerEvents));
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(60));
        Assert.Equal(metered, await pricing.ScalarAsync(
            $"select sum(seconds)::bigint from {PricingStorage.Name}.{PeriodAllocations.TableName} where stream_id = $1", SnapshotUpgradeService.MinutesStream));
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
