using System.Text.Json;
using GpuBilling.Testing;
using Metering.Contracts;
using Metering.Ledger;
using Metering.Tests.Ingestion;
using Metering.Usage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Metering.Tests.Usage;

/// <summary>The year of <see cref="UsageFleet"/>, recorded once through the intake's own write path.</summary>
public sealed class TenantUsageService : MeteringService
{
    public const int Seed = 17;
    private readonly Lazy<Task<List<GpuSecond>>> _recorded;

    public TenantUsageService() : base("metering_tenant_usage_tests") => _recorded = new(RecordAsync);

    public Task<List<GpuSecond>> RecordedAsync() => _recorded.Value;

    /// <summary>Two batches at a time in random order, as concurrent consumers take them, then a tenth of it again, as a redelivery brings it.</summary>
    private async Task<List<GpuSecond>> RecordAsync()
    {
        var (reported, gpuSeconds) = UsageFleet.Generate(Seed);
        var random = new Random(Seed);
        var intake = Services.GetRequiredService<IntakeWriter>();
        var batches = reported.OrderBy(_ => random.Next()).Chunk(1_500).ToList();
        for (var i = 0; i < batches.Count; i += 2)
            await Task.WhenAll(batches.Skip(i).Take(2).Select(batch => intake.RecordAsync(batch, CancellationToken.None)));
        await intake.RecordAsync(reported.Where(_ => random.Next(10) == 0).ToList(), CancellationToken.None);
        return gpuSeconds;
    }
}

public class TenantUsageBucketsTests(TenantUsageService metering) : IClassFixture<TenantUsageService>
{
    public static TheoryData<string> Zones => [.. UsageFleet.Zones];

    private static readonly string[] Granularities = ["15m", "hour", "day"];

    [Theory]
    [MemberData(nameof(Zones))]
    public async Task A_query_not_grouped_by_node_answers_byte_for_byte_as_the_node_buckets_do_and_counts_what_was_sent(string zoneId)
    {
        var sent = await metering.RecordedAsync();
        var client = await metering.ClientForAsync(UsageFleet.Tenant);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var (from, to) = (UsageFleet.StartOf(UsageFleet.FirstDay, zone), UsageFleet.StartOf(UsageFleet.EndDay, zone));
        var database = metering.Services.GetRequiredService<NpgsqlDataSource>();
        var json = metering.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        foreach (var granularity in Granularities)
        foreach (var groupBy in new[] { "", "gpuModel" })
        {
            var query = $"/v1/usage?from={UsageFleet.FirstDay:yyyy-MM-dd}&to={UsageFleet.EndDay:yyyy-MM-dd}&tz={zoneId}&granularity={granularity}{(groupBy.Length == 0 ? "" : $"&groupBy={groupBy}")}";
            var grouping = groupBy.Length == 0 ? new HashSet<string>() : new HashSet<string> { groupBy };
            Assert.Equal(UsageSource.TenantBuckets, UsageBucketReader.SourceFor(grouping));

            // Today's answer: the same query over the node buckets, folded and written as the endpoint writes it.
            var nodeRows = await UsageBucketReader.ReadAsync(database, UsageSource.NodeBuckets, UsageFleet.Tenant, from, to, grouping, CancellationToken.None);
            var buckets = UsageEndpoint.Fold(nodeRows, UsageQuery.Granularities[granularity], zone);
            var total = buckets.Sum(b => b.GpuSeconds);
            var report = new UsageReport(UsageFleet.Tenant, TimeZoneInfo.ConvertTime(from, zone), TimeZoneInfo.ConvertTime(to, zone),
                granularity, zoneId, [.. grouping.Order()], buckets, total, UsageEndpoint.GpuHours(total));

            var body = await client.GetStringAsync(query);
            Assert.Equal(JsonSerializer.Serialize(report, json), body);
            Assert.Equal(UsageEndpoint.CsvOf(buckets, zone), await client.GetStringAsync($"{query}&format=csv"));
            Assert.Equal(UsageAnswers.Expected(sent, zone, granularity, groupBy, from, to), UsageAnswers.Answered(body, granularity));
        }
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public async Task A_query_grouped_by_node_counts_what_was_sent(string zoneId)
    {
        var sent = await metering.RecordedAsync();
        var client = await metering.ClientForAsync(UsageFleet.Tenant);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var (from, to) = (UsageFleet.StartOf(UsageFleet.FirstDay, zone), UsageFleet.StartOf(UsageFleet.EndDay, zone));

        foreach (var granularity in Granularities)
        foreach (var groupBy in new[] { "node", "node,gpuModel" })
        {
            Assert.Equal(UsageSource.NodeBuckets, UsageBucketReader.SourceFor(groupBy.Split(',').ToHashSet()));
            var body = await client.GetStringAsync(
                $"/v1/usage?from={UsageFleet.FirstDay:yyyy-MM-dd}&to={UsageFleet.EndDay:yyyy-MM-dd}&tz={zoneId}&granularity={granularity}{(groupBy.Length == 0 ? "" : $"&groupBy={groupBy}")}");
            Assert.Equal(UsageAnswers.Expected(sent, zone, granularity, groupBy, from, to), UsageAnswers.Answered(body, granularity));
        }
    }

    [Fact]
    public async Task Each_tenant_bucket_holds_its_node_buckets_summed_and_every_allocated_second_sent_once()
    {
        var sent = await metering.RecordedAsync();

        Assert.Equal(0L, await ScalarAsync(
            $"""
            select count(*) from (
                (select tenant_id, bucket_start, gpu_model, mig_profile, sum(gpu_seconds)::bigint from metering.{UsageBuckets.TableName} group by 1, 2, 3, 4
                 except all select tenant_id, bucket_start, gpu_model, mig_profile, gpu_seconds from metering.{TenantUsageBuckets.TableName})
                union all
                (select tenant_id, bucket_start, gpu_model, mig_profile, gpu_seconds from metering.{TenantUsageBuckets.TableName}
                 except all select tenant_id, bucket_start, gpu_model, mig_profile, sum(gpu_seconds)::bigint from metering.{UsageBuckets.TableName} group by 1, 2, 3, 4)
            ) difference
            """));
        foreach (var tenant in new[] { UsageFleet.Tenant, UsageFleet.OtherTenant })
        {
            Assert.Equal(sent.Count(s => s.TenantId == tenant),
                await ScalarAsync($"select sum(gpu_seconds)::bigint from metering.{TenantUsageBuckets.TableName} where tenant_id = '{tenant}'"));
        }
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(metering.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
