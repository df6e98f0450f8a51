using Fleet.CostCards;
using Fleet.Inventory;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Usage;

/// <summary>
/// The usage a report of a period reads: each node-day that stands for its node-hours
/// (<see cref="NodeDays.Split"/>), and the node-hours of every other day. A standing day comes back
/// from PostgreSQL as one row per GPU and holder with its sums and, where the report decides
/// idleness, the seconds its held entries were idle at the report's level, summed there from the
/// entries' readings (<see cref="DayGpuUsage.IdleSeconds"/>), so the readings, most of a day's
/// document, never leave the database and no day document is deserialized.
/// </summary>
public static class UsageReadings
{
    /// <param name="boundaries">Instants no standing day may hold inside it: the report's bounds, and any billing period's it spreads.</param>
    /// <param name="idleBelowPercent">The level a standing day's held entries are classed at; null where the report decides no idleness.</param>
    public static async Task<(IReadOnlyList<NodeHourUsage> Hours, IReadOnlyList<StandingDay> Days)> ReadAsync(
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
        var (standing, hours) = NodeDays.Split(days, nodes, cards, from, to, [from, to, .. boundaries]);
        return (hours.Count == 0 ? [] : await session.LoadManyAsync<NodeHourUsage>(cancellationToken, hours),
            standing.Count == 0 ? [] : await StandingDaysAsync(database, standing, idleBelowPercent, cancellationToken));
    }

    /// <summary>The outline of every node-day overlapping [<paramref name="from"/>, <paramref name="to"/>): none of its GPUs is read.</summary>
    public static IQueryable<DayOutlineRow> Outlines(IQuerySession session, DateTimeOffset from, DateTimeOffset to)
    {
        var firstDay = NodeDayUsage.DayOf(from);
        return session.Query<NodeDayUsage>().Where(d => d.Day >= firstDay && d.Day < to)
            .Select(d => new DayOutlineRow { Id = d.Id, NodeId = d.NodeId, Day = d.Day, HoursKept = d.HoursKept, Peaks = d.Peaks });
    }

    /// <summary>
    /// Each of the days' GPUs with their sums, and the seconds of their held entries whose utilization
    /// sum was below the level × their readings (exact: numeric in PostgreSQL, decimal here).
    /// </summary>
    public static NpgsqlCommand StandingDaysCommand(IReadOnlyList<string> dayIds, decimal? idleBelowPercent)
    {
        var command = new NpgsqlCommand(
            $"""
            select d.id, g->>'GpuUuid', g->>'Model', g->>'MigProfile', g->>'TenantId', g->>'AllocationClass',
                (g->>'GpuSeconds')::bigint, (g->>'UtilizationPercentSeconds')::numeric, (g->>'UtilizationSamples')::bigint,
                (g->>'UnmeasuredSeconds')::bigint, (g->>'EnergyJoules')::numeric,
                case when $2::numeric is null or g->>'TenantId' is null then 0::bigint else
                    (select coalesce(sum((r->>2)::bigint), 0)::bigint from jsonb_array_elements(g->'Readings') r
                     where (r->>0)::numeric < $2::numeric * (r->>1)::numeric) end
            from {FleetStorage.Name}.{NodeDayTable} d cross join lateral jsonb_array_elements(d.data->'Gpus') g
            where d.id = any($1)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = dayIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)idleBelowPercent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        return command;
    }

    private static async Task<IReadOnlyList<StandingDay>> StandingDaysAsync(
        NpgsqlDataSource database, IReadOnlyList<DayOutline> days, decimal? idleBelowPercent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = StandingDaysCommand([.. days.Select(d => d.Id)], idleBelowPercent);
        command.Connection = connection;
        var gpus = new Dictionary<string, List<StandingGpuDay>>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
            {
                string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
                var id = reader.GetString(0);
                if (!gpus.TryGetValue(id, out var ofDay)) gpus[id] = ofDay = [];
                ofDay.Add(new StandingGpuDay(reader.GetString(1), reader.GetString(2), Text(3), Text(4), Text(5),
                    reader.GetInt64(6), reader.GetDecimal(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetDecimal(10), reader.GetInt64(11)));
            }
        return [.. days.Select(d => new StandingDay(d.NodeId, d.Day, gpus.GetValueOrDefault(d.Id) ?? []))];
    }

    /// <summary>Marten's table of <see cref="NodeDayUsage"/> documents in the fleet's schema.</summary>
    private const string NodeDayTable = "mt_doc_nodedayusage";
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
