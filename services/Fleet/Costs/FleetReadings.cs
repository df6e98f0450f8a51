using Fleet.CostCards;
using Fleet.Inventory;
using Fleet.Usage;
using Marten;
using Npgsql;

namespace Fleet.Costs;

/// <summary>What a report of a period reads: every node's and card's versions (reports use them as they were at each second) and the period's usage (<see cref="UsageReadings"/>).</summary>
public static class FleetReadings
{
    public static async Task<CostAttribution> AttributeAsync(IQuerySession session, NpgsqlDataSource database, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var nodes = await session.Query<FleetNode>().ToListAsync(cancellationToken);
        var cards = await session.Query<CostCard>().ToListAsync(cancellationToken);
        var (hours, days) = await UsageReadings.ReadAsync(session, database, from, to, nodes, cards, [], null, cancellationToken);
        return CostAttributions.Attribute(from, to, nodes, cards, hours, days);
    }
}
