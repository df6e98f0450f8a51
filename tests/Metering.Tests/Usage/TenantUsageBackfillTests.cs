using GpuBilling.Testing;
using Metering.Ledger;
using Metering.Tests.Ingestion;
using Metering.Usage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Weasel.Postgresql;

namespace Metering.Tests.Usage;

/// <summary>A service whose database holds usage_buckets as a version without the tenant buckets left it.</summary>
public sealed class UpgradedUsageService() : MeteringService("metering_usage_upgrade_tests")
{
    protected override bool StartsWithFixture => false;
}

public class TenantUsageBackfillTests(UpgradedUsageService metering) : IClassFixture<UpgradedUsageService>
{
    [Fact]
    public async Task An_upgraded_database_shows_the_same_figures_once_and_counts_new_usage_in_both_tables()
    {
        var (reported, sent) = UsageFleet.Generate(seed: 5);
        await WriteEarlierVersionAsync(sent);

        await metering.StartServiceAsync();
        // Another instance starting later finds the table filled and adds nothing.
        await ActivatorUtilities.CreateInstance<TenantUsageBackfill>(metering.Services).StartAsync(CancellationToken.None);

        var client = await metering.ClientForAsync(UsageFleet.Tenant);
        async Task AnswersWhatWasSentAsync(List<GpuSecond> seconds)
        {
            foreach (var zoneId in new[] { "UTC", "Europe/Berlin", "Asia/Kathmandu" })
            foreach (var granularity in new[] { "15m", "day" })
            foreach (var groupBy in new[] { "", "gpuModel", "node" })
            {
                var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
                var body = await client.GetStringAsync(
                    $"/v1/usage?from={UsageFleet.FirstDay:yyyy-MM-dd}&to={UsageFleet.EndDay:yyyy-MM-dd}&tz={zoneId}&granularity={granularity}{(groupBy.Length == 0 ? "" : $"&groupBy={groupBy}")}");
                Assert.Equal(
                    UsageAnswers.Expected(seconds, zone, granularity, groupBy, UsageFleet.StartOf(UsageFleet.FirstDay, zone), UsageFleet.StartOf(UsageFleet.EndDay, zone)),
                    UsageAnswers.Answered(body, granularity));
            }
        }
        await AnswersWhatWasSentAsync(sent);

        // New seconds of one node through the intake, and the same batch redelivered: counted once, in both tables.
        var node = reported[0].NodeId;
        var known = reported.Where(r => r.NodeId == node).Select(r => r.Second.Second).ToHashSet();
        var later = reported
            .Where(r => r.NodeId == node && !known.Contains(r.Second.Second.AddSeconds(1)))
            .Select(r => (r.NodeId, Second: r.Second with { Second = r.Second.Second.AddSeconds(1), Sequence = r.Second.Sequence + 1_000_000 }))
            .ToList();
        var intake = metering.Services.GetRequiredService<IntakeWriter>();
        await intake.RecordAsync(later, CancellationToken.None);
        await intake.RecordAsync(later, CancellationToken.None);
        var added = later.SelectMany(l => l.Second.Gpus.Select(g => new GpuSecond(l.NodeId, l.Second.Second, g.Model, g.MigProfile, g.Allocation?.TenantId)));
        await AnswersWhatWasSentAsync([.. sent, .. added]);
    }

    /// <summary>Metering's schema with only usage_buckets, as the earlier version created it, holding the seconds sent.</summary>
    private async Task WriteEarlierVersionAsync(IEnumerable<GpuSecond> sent)
    {
        var rows = sent
            .Where(s => s.TenantId is not null)
            .GroupBy(s => (s.TenantId!, Bucket: DateTimeOffset.FromUnixTimeSeconds(s.Second.ToUnixTimeSeconds() / 900 * 900), s.Model, Mig: s.MigProfile ?? "", s.NodeId))
            .Select(g => (g.Key, Seconds: g.LongCount()))
            .ToList();
        var table = new StringWriter();
        UsageBuckets.Table(MeteringStorage.Name).WriteCreateStatement(new PostgresqlMigrator(), table);
        await using var connection = new NpgsqlConnection(metering.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"create schema {MeteringStorage.Name}; {table}", connection))
            await create.ExecuteNonQueryAsync();
        await using var insert = new NpgsqlCommand(
            $"insert into {MeteringStorage.Name}.{UsageBuckets.TableName} select * from unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::bigint[])",
            connection);
        insert.Parameters.AddWithValue(rows.Select(r => r.Key.Item1).ToArray());
        insert.Parameters.AddWithValue(rows.Select(r => r.Key.Bucket).ToArray());
        insert.Parameters.AddWithValue(rows.Select(r => r.Key.Model).ToArray());
        insert.Parameters.AddWithValue(rows.Select(r => r.Key.Mig).ToArray());
        insert.Parameters.AddWithValue(rows.Select(r => r.Key.NodeId).ToArray());
        insert.Parameters.AddWithValue(rows.Select(r => r.Seconds).ToArray());
        await insert.ExecuteNonQueryAsync();
    }
}
