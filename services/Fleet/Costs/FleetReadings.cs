using Fleet.CostCards;
using Fleet.Inventory;
using Fleet.Usage;
using Marten;

namespace Fleet.Costs;

/// <summary>What a report of a period reads: every node's and card's versions (reports use them as they were at each second) and the period's node-hours.</summary>
public static class FleetReadings
{
    public static async Task<CostAttribution> AttributeAsync(IQuerySession session, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var firstHour = new DateTimeOffset(from.Year, from.Month, from.Day, from.Hour, 0, 0, TimeSpan.Zero);
        var nodes = await session.Query<FleetNode>().ToListAsync(cancellationToken);
        var cards = await session.Query<CostCard>().ToListAsync(cancellationToken);
        var usage = await session.Query<NodeHourUsage>().Where(u => u.Hour >= firstHour && u.Hour < to).ToListAsync(cancellationToken);
        return CostAttributions.Attribute(from, to, nodes, cards, usage);
    }
}
