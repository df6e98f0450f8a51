using Fleet.Tests.Efficiency;
using Fleet.Usage;
using GpuBilling.ServiceDefaults;
using GpuBilling.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Fleet.Tests.Given;

namespace Fleet.Tests.Usage;

public sealed class NodeDayRowsService() : FleetService("fleet_node_day_rows_tests");

/// <summary>
/// The rows a report sums (<see cref="NodeDayRows"/>) are each node-day's GPUs exactly as its document
/// holds them: written by the consumer in the document's transaction, filled from the documents of a
/// database that had none, and summed in PostgreSQL to what <see cref="StandingDays.Of"/> sums from the
/// documents in memory, at every idle level, whether the idle seconds are compared or were kept.
/// </summary>
public class NodeDayRowsTests(NodeDayRowsService fleet) : IClassFixture<NodeDayRowsService>
{
    private static readonly DateTimeOffset Day = February.AddDays(20);

    [Fact]
    public async Task The_consumer_keeps_a_days_rows_as_its_document_and_they_sum_as_the_documents_do()
    {
        int[] hours = [0, 1, 2, 5, 23, 24, 30];
        var days = await KeepAsync("rows-a", hours, hours);

        Assert.Equal(Gpus(days), await RowsAsync(days.Select(d => d.Id)));
        Assert.Equal(Readings(days), await RowReadingsAsync(days.Select(d => d.Id)));
        await SumAsTheDocumentsAsync(days);

        // Another hour of the first day: its rows are written again, and the idle seconds kept for them are not read.
        days = await KeepAsync("rows-a", [7], [.. hours, 7]);
        Assert.Equal(Gpus(days), await RowsAsync(days.Select(d => d.Id)));
        await SumAsTheDocumentsAsync(days);
    }

    /// <summary>
    /// At levels below, between and at the entries' averages (an entry at the level is not idle), and
    /// none: twice each, the first comparing the readings and keeping the idle seconds, the second
    /// reading what was kept.
    /// </summary>
    private async Task SumAsTheDocumentsAsync(IReadOnlyList<NodeDayUsage> days)
    {
        foreach (var level in new decimal?[] { null, 0.5m, 10.25m, 20.25m, 33m, 100m })
        {
            var expected = Ordered(StandingDays.Of(days, _ => level ?? 0m).Gpus);
            Assert.Equal(expected, await SummedAsync(days, level));
            Assert.Equal(expected, await SummedAsync(days, level));
        }
        Assert.Contains(Ordered(StandingDays.Of(days, _ => 33m).Gpus), g => g.IdleSeconds > 0);
    }

    [Fact]
    public async Task A_reports_outlines_are_the_days_documents_as_kept()
    {
        int[] hours = [0, 1, 2, 5, 23, 24, 30];
        var days = await KeepAsync("rows-c", hours, hours);

        // Read from each document's JSON as reports read it: a period from within the first day to the end of the second.
        var read = (await OutlinesAsync(Day.AddHours(5), Day.AddDays(2))).Where(d => d.NodeId == "rows-c").ToList();

        Assert.Equal(days.Select(d => Outline(d.Outline)), read.Select(Outline));
        Assert.All(read, d => Assert.Equal(TimeSpan.Zero, d.Day.Offset));
        static string Outline(DayOutline d) =>
            $"{d.Id} {d.NodeId} {d.Day:O} {d.HoursKept} {string.Join(';', d.Peaks.Select(p => $"{p.Model}/{p.MigProfile}/{p.Entries}"))}";
    }

    [Fact]
    public async Task A_days_rows_are_not_written_when_its_documents_save_fails()
    {
        int[] hours = [0, 1, 2, 5, 23, 24, 30];
        var days = await KeepAsync("rows-b", hours, hours);
        var before = await RowsAsync(days.Select(d => d.Id));
        var stale = days[0];
        var read = await VersionAsync(stale.Id);
        // Another instance saved the day after this one read it.
        await ExecuteAsync($"update {FleetStorage.Name}.{NodeDayRows.DocumentTable} set mt_version = gen_random_uuid() where id = '{stale.Id}'");
        var hour = NodeHour(Sealed("rows-b", Day.AddHours(20), Gpu("rows-b-9", "tenant-z", "0-99").At(5m)));
        var evolved = NodeDayUsage.Evolve(stale, hour, hour.Windows);

        await using (var write = await fleet.Services.GetRequiredService<WriteTransactions>().BeginAsync(CancellationToken.None))
        {
            write.Session.UpdateExpectedVersion(evolved, read);
            NodeDayRows.Store(write.Session, [evolved]);
            Assert.True(StreamConflicts.IsConflict(await Assert.ThrowsAnyAsync<Exception>(() => write.CommitAsync(CancellationToken.None))));
        }

        Assert.Equal(before, await RowsAsync(days.Select(d => d.Id)));
    }

    [Fact]
    public async Task A_database_of_documents_alone_is_filled_once_with_the_same_rows()
    {
        int[] hours = [0, 1, 2, 5, 23, 24, 30];
        await KeepAsync("rows-c", hours, hours);
        var all = await RowsAsync(null);
        var allReadings = await RowReadingsAsync(null);
        // As a version without the table left it: the documents, and an empty table Marten has just created.
        await ExecuteAsync($"delete from {FleetStorage.Name}.{NodeDayRows.TableName}");

        var backfill = ActivatorUtilities.CreateInstance<NodeDayRowsBackfill>(fleet.Services);
        await backfill.StartAsync(CancellationToken.None);
        Assert.Equal(all, await RowsAsync(null));
        Assert.Equal(allReadings, await RowReadingsAsync(null));

        // Another instance starting later finds the table filled and adds nothing.
        await backfill.StartAsync(CancellationToken.None);
        Assert.Equal(all, await RowsAsync(null));
    }

    /// <summary>
    /// Two days of a node through the consumer, batch by batch: GPUs changing hands mid-hour, one held by
    /// nobody, one held with no reading, MIG slices, energy, and entries whose averages repeat (merged in
    /// a day's readings). Returns the days as their documents hold them once every hour of <paramref name="kept"/> is.
    /// </summary>
    private async Task<IReadOnlyList<NodeDayUsage>> KeepAsync(string node, int[] published, int[] kept)
    {
        decimal Percent(int hour, int gpu) => (hour * 17 + gpu * 29) % 40 + 0.25m;
        foreach (var h in published)
        {
            var hour = Day.AddHours(h);
            await fleet.Metering.Publish(Sealed(node, hour,
                Gpu($"{node}-0", "tenant-a", "0-1799", joules: 1_000.5m).At(Percent(h, 0)),
                Gpu($"{node}-0", "tenant-b", "1800-3599", joules: 700m).At(Percent(h, 1)),
                Gpu($"{node}-1", h % 2 == 0 ? null : "tenant-a", "0-3599").At(20.25m),
                Gpu($"{node}-2", "tenant-b", "0-3599"),
                Gpu($"{node}-mig-0", "tenant-a", "0-3599", A100, "3g.40gb")));
            await fleet.Metering.Publish(Sealed(node, hour, Gpu($"{node}-mig-1", "tenant-b", "0-2399", A100, "2g.20gb").At(Percent(h, 3))));
        }
        var ids = new[] { NodeDayUsage.KeyOf(node, Day), NodeDayUsage.KeyOf(node, Day.AddDays(1)) };
        var expectedHours = new[] { kept.Where(h => h < 24).Sum(h => 1 << h), kept.Where(h => h >= 24).Sum(h => 1 << (h - 24)) };
        IReadOnlyList<NodeDayUsage> days = [];
        await Eventually.AssertAsync(async () =>
        {
            await using var session = fleet.Services.GetRequiredService<IDocumentStore>().QuerySession();
            days = [.. (await session.LoadManyAsync<NodeDayUsage>(ids)).OrderBy(d => d.Day)];
            Assert.Equal(expectedHours, days.Select(d => d.HoursKept));
            // Both events of every hour: 4 GPUs all hour, a slice for 40 minutes.
            Assert.Equal(expectedHours.Select(bits => int.PopCount(bits) * (4 * 3600L + 2400)), days.Select(d => d.Gpus.Sum(g => g.GpuSeconds)));
        });
        return days;
    }

    private static List<(string, int, string, string, string?, string?, string?, long, decimal, long, long, decimal)> Gpus(IEnumerable<NodeDayUsage> days) =>
    [
        .. days.OrderBy(d => d.Id, StringComparer.Ordinal).SelectMany(d => d.Gpus.Select((g, i) => (d.Id, i, g.GpuUuid, g.Model, g.MigProfile, g.TenantId,
            g.AllocationClass, g.GpuSeconds, g.UtilizationPercentSeconds, g.UtilizationSamples, g.UnmeasuredSeconds, g.EnergyJoules))),
    ];

    private static List<(string, int, int, decimal, int, long)> Readings(IEnumerable<NodeDayUsage> days) =>
    [
        .. days.OrderBy(d => d.Id, StringComparer.Ordinal).SelectMany(d => d.Gpus.SelectMany((g, i) =>
            g.Readings.Select((r, n) => (d.Id, i, n, r.UtilizationPercentSeconds, r.Samples, r.GpuSeconds)))),
    ];

    private async Task<List<(string, int, string, string, string?, string?, string?, long, decimal, long, long, decimal)>> RowsAsync(IEnumerable<string>? dayIds)
    {
        List<(string, int, string, string, string?, string?, string?, long, decimal, long, long, decimal)> rows = [];
        await using var reader = await QueryAsync(
            $"""
            select day_id, position, gpu_uuid, model, mig_profile, tenant_id, allocation_class, gpu_seconds, utilization_percent_seconds,
                utilization_samples, unmeasured_seconds, energy_joules
            from {FleetStorage.Name}.{NodeDayRows.TableName} where $1::text[] is null or day_id = any($1) order by day_id collate "C", position
            """, dayIds);
        string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), Text(4), Text(5), Text(6),
                reader.GetInt64(7), reader.GetDecimal(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetDecimal(11)));
        return rows;
    }

    private async Task<List<(string, int, int, decimal, int, long)>> RowReadingsAsync(IEnumerable<string>? dayIds)
    {
        List<(string, int, int, decimal, int, long)> readings = [];
        await using var reader = await QueryAsync(
            $"""
            select g.day_id, g.position, (r.n - 1)::int, r.utilization, r.samples, r.seconds
            from {FleetStorage.Name}.{NodeDayRows.TableName} g
                cross join lateral unnest(g.reading_utilization, g.reading_samples, g.reading_seconds) with ordinality r(utilization, samples, seconds, n)
            where $1::text[] is null or g.day_id = any($1) order by g.day_id collate "C", g.position, r.n
            """, dayIds);
        while (await reader.ReadAsync())
            readings.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetDecimal(3), reader.GetInt32(4), reader.GetInt64(5)));
        return readings;
    }

    private async Task<List<DayOutline>> OutlinesAsync(DateTimeOffset from, DateTimeOffset to)
    {
        await using var connection = await fleet.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = UsageReadings.OutlinesCommand(from, to);
        command.Connection = connection;
        await using var reader = await command.ExecuteReaderAsync();
        List<DayOutline> days = [];
        while (await reader.ReadAsync())
            days.Add(UsageReadings.OutlineOf(reader));
        return [.. days.OrderBy(d => d.Id, StringComparer.Ordinal)];
    }

    /// <summary>The node's days as one span, summed by the statement reports run.</summary>
    private async Task<IReadOnlyList<StandingGpuUsage>> SummedAsync(IReadOnlyList<NodeDayUsage> days, decimal? level)
    {
        await using var connection = await fleet.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await UsageReadings.BeginStandingDaysAsync(connection, CancellationToken.None);
        await using var command = UsageReadings.StandingDaysCommand([.. days.Select(d => d.Id)], [.. days.Select(_ => 0)], level);
        (command.Connection, command.Transaction) = (connection, transaction);
        List<StandingGpuUsage> gpus = [];
        await using (var reader = await command.ExecuteReaderAsync())
        {
            string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
            while (await reader.ReadAsync())
                gpus.Add(new StandingGpuUsage(reader.GetString(1), reader.GetString(2), Text(3), Text(4), Text(5),
                    reader.GetInt64(6), reader.GetDecimal(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetDecimal(10), reader.GetInt64(11)));
        }
        await transaction.CommitAsync();
        return Ordered(gpus);
    }

    private static IReadOnlyList<StandingGpuUsage> Ordered(IEnumerable<StandingGpuUsage> gpus) =>
    [
        .. gpus.OrderBy(g => g.GpuUuid, StringComparer.Ordinal).ThenBy(g => g.TenantId, StringComparer.Ordinal)
            .ThenBy(g => g.AllocationClass, StringComparer.Ordinal).ThenBy(g => g.Model, StringComparer.Ordinal).ThenBy(g => g.MigProfile, StringComparer.Ordinal),
    ];

    private async Task<Guid> VersionAsync(string dayId)
    {
        await using var reader = await QueryAsync($"select mt_version from {FleetStorage.Name}.{NodeDayRows.DocumentTable} where id = $1", dayId);
        Assert.True(await reader.ReadAsync());
        return reader.GetGuid(0);
    }

    private async Task<NpgsqlDataReader> QueryAsync(string sql, object? parameter)
    {
        var connection = await fleet.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter switch { IEnumerable<string> ids => ids.ToArray(), null => DBNull.Value, _ => parameter } });
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.CloseConnection);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await fleet.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
