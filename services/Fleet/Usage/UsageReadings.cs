using System.Text.Json;
using Fleet.CostCards;
using Fleet.Inventory;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Usage;

/// <summary>
/// The usage a report of a period reads: each node-day that stands for its node-hours
/// (<see cref="NodeDays.Split"/>), and the node-hours of every other day. The standing days of a node
/// that a report decides alike (<see cref="NodeDays.Spans"/>) come back from PostgreSQL summed from
/// their rows (<see cref="NodeDayRows"/>), one row per GPU and holder with its sums and, where the
/// report decides idleness, the seconds its held entries were idle at the report's level, compared
/// there from the entries' readings (<see cref="DayGpuUsage.IdleSeconds"/>), so the readings never
/// leave the database and no day document is read but its outline.
/// </summary>
public static class UsageReadings
{
    /// <param name="boundaries">Instants no standing day may hold inside it: the report's bounds, and any billing period's it spreads.</param>
    /// <param name="idleBelowPercent">The level a standing day's held entries are classed at; null where the report decides no idleness.</param>
    public static async Task<(IReadOnlyList<NodeHourUsage> Hours, IReadOnlyList<StandingDays> Days)> ReadAsync(
        IQuerySession session, NpgsqlDataSource database, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<FleetNode> nodes, IReadOnlyList<CostCard> cards,
        IEnumerable<DateTimeOffset> boundaries, decimal? idleBelowPercent, CancellationToken cancellationToken)
    {
        var firstHour = new DateTimeOffset(from.Year, from.Month, from.Day, from.Hour, 0, 0, TimeSpan.Zero);
        var days = await OutlinesAsync(database, from, to, cancellationToken);
        var kept = await session.Query<NodeHourUsage>().CountAsync(u => u.Hour >= firstHour && u.Hour < to, cancellationToken);
        if (kept != NodeDays.HoursKeptWithin(days, firstHour, to))
        {
            // Node-hours kept before node-days were: the period is read hour by hour, as it always could be.
            return (await session.Query<NodeHourUsage>().Where(u => u.Hour >= firstHour && u.Hour < to).ToListAsync(cancellationToken), []);
        }
        List<DateTimeOffset> bounds = [from, to, .. boundaries];
        var (standing, hours) = NodeDays.Split(days, nodes, cards, from, to, bounds);
        return (hours.Count == 0 ? [] : await session.LoadManyAsync<NodeHourUsage>(cancellationToken, hours),
            standing.Count == 0 ? [] : await StandingDaysAsync(database, NodeDays.Spans(standing, nodes, cards, bounds), idleBelowPercent, cancellationToken));
    }

    /// <summary>
    /// The outline of every node-day overlapping [<paramref name="from"/>, <paramref name="to"/>): its id,
    /// node, day, hours kept and peaks, none of its GPUs. Each document's JSON, stored out of line (it is
    /// over 2 KiB), is fetched and decompressed once for all four (<c>jsonb_to_record</c>), where an
    /// expression per field fetches it once each (Marten's projection: 410 ms against 130 ms for a
    /// month of 125 nodes under load); the period is found by Marten's index on the day.
    /// </summary>
    public static NpgsqlCommand OutlinesCommand(DateTimeOffset from, DateTimeOffset to)
    {
        var command = new NpgsqlCommand(
            $"""
            select d.id, o."NodeId", o."Day", o."HoursKept", o."Peaks"::text
            from {FleetStorage.Name}.{NodeDayRows.DocumentTable} d
                cross join lateral jsonb_to_record(d.data) o("NodeId" text, "Day" timestamptz, "HoursKept" integer, "Peaks" jsonb)
            where {FleetStorage.Name}.mt_immutable_timestamptz(d.data ->> 'Day') >= $1 and {FleetStorage.Name}.mt_immutable_timestamptz(d.data ->> 'Day') < $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = NodeDayUsage.DayOf(from), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = to.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return command;
    }

    private static async Task<List<DayOutline>> OutlinesAsync(NpgsqlDataSource database, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = OutlinesCommand(from, to);
        command.Connection = connection;
        List<DayOutline> days = [];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            days.Add(OutlineOf(reader));
        return days;
    }

    /// <summary>A row of <see cref="OutlinesCommand"/>.</summary>
    public static DayOutline OutlineOf(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt32(3),
            JsonSerializer.Deserialize<List<DayPeak>>(reader.GetString(4)) ?? []);

    /// <summary>
    /// Each span's GPUs (<see cref="NodeDays.Spans"/>: <paramref name="spanOfDay"/> numbers the span of
    /// each of <paramref name="dayIds"/>) with their sums over its days from the days' rows
    /// (<see cref="NodeDayRows"/>), and the seconds of their held entries whose utilization sum was
    /// below the level × their readings (exact: numeric in PostgreSQL, decimal here): read where a
    /// report at this level kept them for the rows as they are, compared from the readings and kept
    /// otherwise (the report that keeps them compares them for its own answer too: a statement does
    /// not see what it inserts). Run it in <see cref="BeginStandingDaysAsync"/>'s transaction.
    /// </summary>
    public static NpgsqlCommand StandingDaysCommand(IReadOnlyList<string> dayIds, IReadOnlyList<int> spanOfDay, decimal? idleBelowPercent)
    {
        var command = new NpgsqlCommand(
            $"""
            with days as (select * from unnest($1::text[], $2::int[]) s(id, span)),
            -- Each row once, its kept seconds joined as a set (hashed, or by the kept table's index: never a join whose plan grows with
            -- the rows squared), its readings compared only where nothing is kept; the readings stay behind.
            summed as materialized (
                select s.span, g.day_id, g.revision, g.position, g.gpu_uuid, g.model, g.mig_profile, g.tenant_id, g.allocation_class,
                    g.gpu_seconds, g.utilization_percent_seconds, g.utilization_samples, g.unmeasured_seconds, g.energy_joules,
                    i.idle_seconds as kept,
                    case when $3::numeric is not null and g.tenant_id is not null and i.idle_seconds is null then {IdleOfRow} end as compared
                from days s
                    join {FleetStorage.Name}.{NodeDayRows.TableName} g on g.day_id = s.id
                    left join {FleetStorage.Name}.{NodeDayRows.IdleTableName} i
                        on $3::numeric is not null and i.day_id = g.day_id and i.revision = g.revision and i.position = g.position and i.idle_below_percent = $3::numeric),
            -- Kept for the next report at this level; a report keeping the same rows at once keeps the same values.
            keeping as (
                insert into {FleetStorage.Name}.{NodeDayRows.IdleTableName} (day_id, revision, position, idle_below_percent, idle_seconds)
                select day_id, revision, position, $3::numeric, compared from summed where compared is not null
                on conflict do nothing)
            select span, gpu_uuid, model, mig_profile, tenant_id, allocation_class,
                sum(gpu_seconds)::bigint, sum(utilization_percent_seconds), sum(utilization_samples)::bigint,
                sum(unmeasured_seconds)::bigint, sum(energy_joules), sum(coalesce(kept, compared, 0))::bigint
            from summed
            group by 1, 2, 3, 4, 5, 6
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = dayIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = spanOfDay.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)idleBelowPercent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        return command;
    }

    /// <summary>
    /// The transaction <see cref="StandingDaysCommand"/> runs in, with its settings: no JIT (compiling
    /// the statement cost more than running it: 2.8 to 3.1 s of 4.9 to 9 s on the benchmark's month at a
    /// load average of 22, where the statement without it took 1.3 to 1.9 s), and enough working memory
    /// that its aggregate over a month of a 1,000-GPU fleet's rows (42 MiB) is hashed in memory rather
    /// than spilled to disk.
    /// </summary>
    public static async Task<NpgsqlTransaction> BeginStandingDaysAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var settings = new NpgsqlCommand("set local jit = off; set local work_mem = '64MB'", connection, transaction);
        await settings.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    /// <summary>A row's held seconds idle at the level ($3): its entries whose utilization sum is below the level × their readings.</summary>
    private const string IdleOfRow =
        "(select coalesce(sum(r.seconds), 0)::bigint from unnest(g.reading_utilization, g.reading_samples, g.reading_seconds) r(utilization, samples, seconds) " +
        "where r.utilization < $3::numeric * r.samples)";

    private static async Task<IReadOnlyList<StandingDays>> StandingDaysAsync(
        NpgsqlDataSource database, IReadOnlyList<IReadOnlyList<DayOutline>> spans, decimal? idleBelowPercent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginStandingDaysAsync(connection, cancellationToken);
        await using var command = StandingDaysCommand(
            [.. spans.SelectMany(s => s.Select(d => d.Id))], [.. spans.SelectMany((s, i) => s.Select(_ => i))], idleBelowPercent);
        (command.Connection, command.Transaction) = (connection, transaction);
        var gpus = spans.Select(_ => new List<StandingGpuUsage>()).ToList();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
            {
                string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
                gpus[reader.GetInt32(0)].Add(new StandingGpuUsage(reader.GetString(1), reader.GetString(2), Text(3), Text(4), Text(5),
                    reader.GetInt64(6), reader.GetDecimal(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetDecimal(10), reader.GetInt64(11)));
            }
        await transaction.CommitAsync(cancellationToken);
        return [.. spans.Select((s, i) => new StandingDays(s[0].NodeId, [.. s.Select(d => d.Day)], gpus[i]))];
    }
}
