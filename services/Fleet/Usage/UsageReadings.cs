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
        var days = (await Outlines(session, from, to).ToListAsync(cancellationToken))
            .Select(d => new DayOutline(d.Id, d.NodeId, d.Day, d.HoursKept, d.Peaks)).ToList();
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

    /// <summary>The outline of every node-day overlapping [<paramref name="from"/>, <paramref name="to"/>): none of its GPUs is read.</summary>
    public static IQueryable<DayOutlineRow> Outlines(IQuerySession session, DateTimeOffset from, DateTimeOffset to)
    {
        var firstDay = NodeDayUsage.DayOf(from);
        return session.Query<NodeDayUsage>().Where(d => d.Day >= firstDay && d.Day < to)
            .Select(d => new DayOutlineRow { Id = d.Id, NodeId = d.NodeId, Day = d.Day, HoursKept = d.HoursKept, Peaks = d.Peaks });
    }

    /// <summary>
    /// Each span's GPUs (<see cref="NodeDays.Spans"/>: <paramref name="spanOfDay"/> numbers the span of
    /// each of <paramref name="dayIds"/>) with their sums over its days from the days' rows
    /// (<see cref="NodeDayRows"/>), and the seconds of their held entries whose utilization sum was
    /// below the level × their readings (exact: numeric in PostgreSQL, decimal here): read where a
    /// report at this level kept them for the rows as they are, compared from the readings and kept
    /// otherwise.
    /// </summary>
    public static NpgsqlCommand StandingDaysCommand(IReadOnlyList<string> dayIds, IReadOnlyList<int> spanOfDay, decimal? idleBelowPercent)
    {
        var command = new NpgsqlCommand(
            $"""
            with days as (select * from unnest($1::text[], $2::int[]) s(id, span)),
            held as (
                select g.day_id, g.revision, g.position
                from days join {FleetStorage.Name}.{NodeDayRows.TableName} g on g.day_id = days.id
                where $3::numeric is not null and g.tenant_id is not null),
            kept as (
                select i.day_id, i.revision, i.position, i.idle_seconds
                from held h join {FleetStorage.Name}.{NodeDayRows.IdleTableName} i on i.day_id = h.day_id and i.revision = h.revision and i.position = h.position and i.idle_below_percent = $3::numeric),
            -- Only rows with nothing kept at this level bring their readings.
            compared as (
                select g.day_id, g.revision, g.position,
                    (select coalesce(sum(r.seconds), 0)::bigint from unnest(g.reading_utilization, g.reading_samples, g.reading_seconds) r(utilization, samples, seconds)
                     where r.utilization < $3::numeric * r.samples) idle_seconds
                from held h join {FleetStorage.Name}.{NodeDayRows.TableName} g on g.day_id = h.day_id and g.position = h.position and g.revision = h.revision
                where not exists (select from kept k where k.day_id = h.day_id and k.revision = h.revision and k.position = h.position)),
            -- Kept for the next report at this level; a report keeping the same rows at once keeps the same values, so either may win.
            keeping as (
                insert into {FleetStorage.Name}.{NodeDayRows.IdleTableName} (day_id, revision, position, idle_below_percent, idle_seconds)
                select day_id, revision, position, $3::numeric, idle_seconds from compared
                on conflict do nothing),
            idle as (select * from kept union all select * from compared)
            select s.span, g.gpu_uuid, g.model, g.mig_profile, g.tenant_id, g.allocation_class,
                sum(g.gpu_seconds)::bigint, sum(g.utilization_percent_seconds), sum(g.utilization_samples)::bigint,
                sum(g.unmeasured_seconds)::bigint, sum(g.energy_joules), coalesce(sum(i.idle_seconds), 0)::bigint
            from days s
                join {FleetStorage.Name}.{NodeDayRows.TableName} g on g.day_id = s.id
                left join idle i on i.day_id = g.day_id and i.revision = g.revision and i.position = g.position
            group by 1, 2, 3, 4, 5, 6
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = dayIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = spanOfDay.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)idleBelowPercent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        return command;
    }

    private static async Task<IReadOnlyList<StandingDays>> StandingDaysAsync(
        NpgsqlDataSource database, IReadOnlyList<IReadOnlyList<DayOutline>> spans, decimal? idleBelowPercent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = StandingDaysCommand(
            [.. spans.SelectMany(s => s.Select(d => d.Id))], [.. spans.SelectMany((s, i) => s.Select(_ => i))], idleBelowPercent);
        command.Connection = connection;
        var gpus = spans.Select(_ => new List<StandingGpuUsage>()).ToList();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
            {
                string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
                gpus[reader.GetInt32(0)].Add(new StandingGpuUsage(reader.GetString(1), reader.GetString(2), Text(3), Text(4), Text(5),
                    reader.GetInt64(6), reader.GetDecimal(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetDecimal(10), reader.GetInt64(11)));
            }
        return [.. spans.Select((s, i) => new StandingDays(s[0].NodeId, [.. s.Select(d => d.Day)], gpus[i]))];
    }
}

/// <summary>A node-day's outline as Marten selects it from the document (a settable type: Marten fills it from a JSON object).</summary>
public sealed class DayOutlineRow
{
    public string Id { get; set; } = "";
    public string NodeId { get; set; } = "";
    public DateTimeOffset Day { get; set; }
    public int HoursKept { get; set; }
    public IReadOnlyList<DayPeak> Peaks { get; set; } = [];
}
