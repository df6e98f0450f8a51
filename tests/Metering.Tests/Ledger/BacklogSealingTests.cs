using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.HashChains;
using GpuBilling.Testing;
using Metering.Contracts;
using Metering.Ledger;
using Metering.Tests.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static Metering.Tests.Ingestion.Reports;

namespace Metering.Tests.Ledger;

/// <summary>
/// Metering with the production sealing window on a clock the test moves. Its own sealer passes
/// only once at the start; the tests run every later pass themselves, each after the clock moves.
/// </summary>
public sealed class BacklogSealing() : MeteringService("metering_backlog_sealing_tests")
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan NodeQuiet = TimeSpan.FromMinutes(5);

    /// <summary>On a whole second, as PostgreSQL's microseconds keep it, so "quiet since" compares exactly.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Sealing:Window"] = Window.ToString();
        settings["Sealing:Grace"] = "00:00:30";
        settings["Sealing:NodeQuiet"] = NodeQuiet.ToString();
        settings["Sealing:Interval"] = "1.00:00:00";
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    /// <summary>One pass of the sealer after the clock moves on by <paramref name="elapsed"/>.</summary>
    public Task<int> SealAfterAsync(TimeSpan elapsed)
    {
        Clock.Advance(elapsed);
        return Services.GetRequiredService<LedgerSealer>().SealClosedWindowsAsync(CancellationToken.None);
    }
}

/// <summary>
/// Under a backlog the wall clock has closed every window its seconds fall in, yet each node's
/// window is still sealed as one ledger event: once the node has reported past the window's end,
/// or has been quiet long enough to be taken for stopped.
/// </summary>
public class BacklogSealingTests(BacklogSealing metering) : IClassFixture<BacklogSealing>
{
    private const int Gpus = 8;
    private const int ReportSeconds = 10;
    private static readonly TimeSpan Pass = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_backlog_drained_report_by_report_is_sealed_one_event_per_window()
    {
        var hour = LastHour;
        var client = await metering.ClientForAsync("backlog-tenant");
        const int reports = 90;
        var windowSeconds = (int)BacklogSealing.Window.TotalSeconds;

        for (var k = 1; k <= reports; k++)
        {
            await SendAndSeeAsync(client, "backlog-node", hour, k);
            await metering.SealAfterAsync(Pass);
            // A window seals with the report that reaches its end, not before.
            Assert.Equal(k * ReportSeconds / windowSeconds, (await LedgerEventsAsync("backlog-node", hour)).Count);
        }

        var events = await LedgerEventsAsync("backlog-node", hour);
        var windows = Enumerable.Range(0, reports * ReportSeconds / windowSeconds).ToList();
        Assert.Equal(windows.Select(w => $"{w * windowSeconds}-{(w + 1) * windowSeconds - 1}"), events.Select(e => e.Seconds.ToString()));
        Assert.All(events, e => Assert.Equal(Gpus * windowSeconds, e.Gpus.Sum(g => g.GpuSeconds)));
        Assert.True(HashChain.Verify(events).IsIntact);
        Assert.Equal(0, await WaitingPartsAsync("backlog-node"));
        Assert.Equal(Gpus * reports * ReportSeconds, await TotalGpuSecondsAsync(client, hour));
    }

    [Fact]
    public async Task A_node_that_stops_mid_window_has_it_sealed_once_it_has_been_quiet_long_enough()
    {
        var hour = LastHour;
        var client = await metering.ClientForAsync("quiet-tenant");
        const int reports = 15;

        for (var k = 1; k <= reports; k++)
        {
            await SendAndSeeAsync(client, "quiet-node", hour, k);
            await metering.SealAfterAsync(Pass);
        }
        Assert.Empty(await LedgerEventsAsync("quiet-node", hour));

        // The last report was recorded one pass ago.
        await metering.SealAfterAsync(BacklogSealing.NodeQuiet - Pass - TimeSpan.FromSeconds(1));
        Assert.Empty(await LedgerEventsAsync("quiet-node", hour));
        await metering.SealAfterAsync(TimeSpan.FromSeconds(1));

        var sealedEvent = Assert.Single(await LedgerEventsAsync("quiet-node", hour));
        Assert.Equal($"0-{reports * ReportSeconds - 1}", sealedEvent.Seconds.ToString());
        Assert.Equal(Gpus * reports * ReportSeconds, sealedEvent.Gpus.Sum(g => g.GpuSeconds));
        Assert.Equal(0, await WaitingPartsAsync("quiet-node"));
    }

    [Fact]
    public async Task Seconds_arriving_after_their_window_was_sealed_become_one_more_event_of_it()
    {
        var hour = LastHour;
        var client = await metering.ClientForAsync("late-tenant");
        int[] gap = [.. Enumerable.Range(150, 10)];
        var window = (int)BacklogSealing.Window.TotalSeconds;
        // The node reports into its second window, so its first one is finished but for the gap.
        var onTime = Enumerable.Range(0, window + ReportSeconds).Except(gap).ToList();

        await SendAndSeeAsync(client, "late-node", hour, onTime, onTime.Count);
        await metering.SealAfterAsync(Pass);
        Assert.Equal(["0-149,160-299"], (await LedgerEventsAsync("late-node", hour)).Select(e => e.Seconds.ToString()));

        await SendAndSeeAsync(client, "late-node", hour, gap, onTime.Count + gap.Length);
        await metering.SealAfterAsync(Pass);

        var events = await LedgerEventsAsync("late-node", hour);
        Assert.Equal(["0-149,160-299", "150-159"], events.Select(e => e.Seconds.ToString()));
        Assert.Equal(Gpus * window, events.Sum(e => e.Gpus.Sum(g => g.GpuSeconds)));
        Assert.True(HashChain.Verify(events).IsIntact);
        Assert.Equal(Gpus * (window + ReportSeconds), await TotalGpuSecondsAsync(client, hour));
    }

    /// <summary>Sends the node's <paramref name="k"/>th report of ten seconds and waits until the usage API counts it.</summary>
    private Task SendAndSeeAsync(HttpClient client, string nodeId, DateTimeOffset hour, int k) =>
        SendAndSeeAsync(client, nodeId, hour, Enumerable.Range((k - 1) * ReportSeconds, ReportSeconds), ReportSeconds * k);

    /// <summary>Sends one report of <paramref name="seconds"/> and waits until the usage API counts the node's seconds so far.</summary>
    private async Task SendAndSeeAsync(HttpClient client, string nodeId, DateTimeOffset hour, IEnumerable<int> seconds, int secondsSoFar)
    {
        var tenant = $"{nodeId[..nodeId.IndexOf('-')]}-tenant";
        await metering.SendAsync(Report(nodeId, seconds, _ => [.. Enumerable.Range(0, Gpus).Select(g => Gpu($"GPU-{nodeId}-{g}", tenant))], hour));
        await Eventually.AssertAsync(async () => Assert.Equal(Gpus * secondsSoFar, await TotalGpuSecondsAsync(client, hour)));
    }

    private static async Task<long> TotalGpuSecondsAsync(HttpClient client, DateTimeOffset hour)
    {
        var from = Uri.EscapeDataString(hour.ToString("O"));
        var to = Uri.EscapeDataString(hour.AddHours(1).ToString("O"));
        var usage = await client.GetFromJsonAsync<JsonElement>($"/v1/usage?from={from}&to={to}");
        return usage.GetProperty("totalGpuSeconds").GetInt64();
    }

    private async Task<List<NodeUsageRecorded>> LedgerEventsAsync(string nodeId, DateTimeOffset hour)
    {
        await using var session = metering.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(new NodeHourKey(nodeId, hour).ToString());
        return [.. events.Select(e => (NodeUsageRecorded)e.Data)];
    }

    private async Task<long> WaitingPartsAsync(string nodeId)
    {
        await using var connection = new NpgsqlConnection(metering.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {MeteringStorage.Name}.{Intake.PartsTable} where node_id = $1", connection);
        command.Parameters.AddWithValue(nodeId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
