using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.HashChains;
using GpuBilling.Testing;
using Metering.Contracts;
using Metering.Ledger;
using Metering.Tests.Ingestion;
using Npgsql;
using static Metering.Tests.Ingestion.Reports;

namespace Metering.Tests.Ledger;

/// <summary>A service whose database the test prepares first, as an earlier version left it.</summary>
public sealed class UpgradedMeteringService() : MeteringService("metering_upgrade_tests")
{
    protected override bool StartsWithFixture => false;
}

public class IntakeUpgradeTests(UpgradedMeteringService metering) : IClassFixture<UpgradedMeteringService>
{
    private static readonly JsonSerializerOptions OldRowJson = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Seconds_waiting_in_the_intake_of_the_previous_version_are_sealed_once_and_a_redelivered_duplicate_is_dropped()
    {
        GpuSample[] Gpus(int _) => [Gpu("GPU-u1", "upgrade-tenant"), Gpu("GPU-u2", null, power: 250m)];
        var waiting = new[] { Report("upgraded-node", Enumerable.Range(0, 10), Gpus), Report("upgraded-node-2", [100, 101, 102], Gpus) };
        await WriteOldIntakeAsync(waiting.SelectMany(r => r.Seconds.Select(s => (r.NodeId, s))));

        await metering.StartServiceAsync();
        await metering.SendAsync(Report("upgraded-node", Enumerable.Range(5, 10), Gpus));

        await Eventually.AssertAsync(async () =>
        {
            Assert.Equal(0, await ScalarAsync("select count(*) from metering.intake"));
            var events = await LedgerEventsAsync("upgraded-node");
            Assert.Equal(Enumerable.Range(0, 15), events.SelectMany(e => e.Seconds.Seconds()).Order());
        });
        var ledger = await LedgerEventsAsync("upgraded-node");
        var chain = HashChain.Verify(ledger);
        Assert.True(chain.IsIntact, chain.FirstBroken?.ToString());
        var gpus = ledger.SelectMany(e => e.Gpus).GroupBy(g => g.GpuUuid).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal((15, 15 * 300m), (gpus["GPU-u1"].Sum(g => g.GpuSeconds), gpus["GPU-u1"].Sum(g => g.Sums.PowerJoules)));
        Assert.Equal((15, 15 * 250m), (gpus["GPU-u2"].Sum(g => g.GpuSeconds), gpus["GPU-u2"].Sum(g => g.Sums.PowerJoules)));
        Assert.Equal("0-14", Runs.Format(ledger.SelectMany(e => Runs.Parse(e.Sequences)).Order()));
        Assert.Equal([100, 101, 102], (await LedgerEventsAsync("upgraded-node-2")).SelectMany(e => e.Seconds.Seconds()).Order());

        // The waiting seconds were counted in the read models when the previous version took them;
        // only the five the redelivery added are counted now.
        var client = await metering.ClientForAsync("upgrade-tenant");
        var from = Uri.EscapeDataString(LastHour.ToString("O"));
        var to = Uri.EscapeDataString(LastHour.AddHours(1).ToString("O"));
        var usage = await client.GetFromJsonAsync<JsonElement>($"/v1/usage?from={from}&to={to}");
        Assert.Equal(5, usage.GetProperty("totalGpuSeconds").GetInt64());
        Assert.Equal("v", await ScalarAsync<string>("select relkind::text from pg_class where oid = 'metering.intake'::regclass"));
    }

    /// <summary>The intake table as the previous version created and wrote it: a row per node-second, its GPUs as JSON.</summary>
    private async Task WriteOldIntakeAsync(IEnumerable<(string NodeId, NodeSecond Second)> seconds)
    {
        var rows = seconds.ToList();
        await using var connection = new NpgsqlConnection(metering.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand(
            """
            create schema metering;
            create table metering.intake (
                node_id varchar not null, second timestamptz not null, sequence bigint not null, gpus jsonb not null,
                primary key (node_id, second));
            """, connection);
        await create.ExecuteNonQueryAsync();
        await using var insert = new NpgsqlCommand(
            "insert into metering.intake select * from unnest($1::text[], $2::timestamptz[], $3::bigint[], $4::jsonb[])", connection);
        insert.Parameters.AddWithValue(rows.Select(r => r.NodeId).ToArray());
        insert.Parameters.AddWithValue(rows.Select(r => r.Second.Second).ToArray());
        insert.Parameters.AddWithValue(rows.Select(r => r.Second.Sequence).ToArray());
        insert.Parameters.AddWithValue(rows.Select(r => JsonSerializer.Serialize(r.Second.Gpus, OldRowJson)).ToArray());
        await insert.ExecuteNonQueryAsync();
    }

    private Task<long> ScalarAsync(string sql) => ScalarAsync<long>(sql);

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(metering.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<NodeUsageRecorded>> LedgerEventsAsync(string nodeId)
    {
        await using var session = metering.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(new NodeHourKey(nodeId, LastHour).ToString());
        return [.. events.Select(e => (NodeUsageRecorded)e.Data)];
    }
}
