using Fleet.CostCards;
using Fleet.Inventory;
using Marten;

namespace Fleet.Usage;

/// <summary>
/// The usage a report of a period reads: a node-day for each day that stands for its node-hours
/// (<see cref="NodeDays.Split"/>), and the node-hours of every other day, so a month of a large fleet
/// is some thousands of small documents rather than a hundred thousand large ones, with the same figures.
/// </summary>
public static class UsageReadings
{
    /// <param name="boundaries">Instants no standing day may hold inside it: the report's bounds, and any billing period's it spreads.</param>
    public static async Task<(IReadOnlyList<NodeHourUsage> Hours, IReadOnlyList<NodeDayUsage> Days)> ReadAsync(
        IQuerySession session, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<FleetNode> nodes, IReadOnlyList<CostCard> cards,
        IEnumerable<DateTimeOffset> boundaries, CancellationToken cancellationToken)
    {
        var firstHour = new DateTimeOffset(from.Year, from.Month, from.Day, from.Hour, 0, 0, TimeSpan.Zero);
        var firstDay = NodeDayUsage.DayOf(from);
        var days = await session.Query<NodeDayUsage>().Where(d => d.Day >= firstDay && d.Day < to).ToListAsync(cancellationToken);
        var kept = await session.Query<NodeHourUsage>().CountAsync(u => u.Hour >= firstHour && u.Hour < to, cancellationToken);
        if (kept != NodeDays.HoursKeptWithin(days, firstHour, to))
        {
            // Node-hours kept before node-days were: the period is read hour by hour, as it always could be.
            return (await session.Query<NodeHourUsage>().Where(u => u.Hour >= firstHour && u.Hour < to).ToListAsync(cancellationToken), []);
        }
        var (standing, hours) = NodeDays.Split(days, nodes, cards, from, to, [from, to, .. boundaries]);
        return (hours.Count == 0 ? [] : await session.LoadManyAsync<NodeHourUsage>(cancellationToken, hours), standing);
    }
}
