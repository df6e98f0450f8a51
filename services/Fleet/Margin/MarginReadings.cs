using Fleet.CostCards;
using Fleet.Costs;
using Fleet.Inventory;
using Fleet.Revenue;
using Fleet.Usage;
using Marten;
using Npgsql;

namespace Fleet.Margin;

/// <summary>
/// What a margin report of a period reads: the ratings of every billing period that overlaps it and
/// the invoices of their tenants, every node's and card's versions, and the node-hours of the report's
/// period and of those billing periods, since a billing period's charges are spread over all of its usage.
/// </summary>
public static class MarginReadings
{
    public static async Task<(IReadOnlyList<RevenueLine> Revenue, CostAttribution Cost)> ReadAsync(
        IQuerySession session, NpgsqlDataSource database, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var periods = await session.Query<RatedPeriod>().Where(p => p.PeriodStart < to && p.PeriodEnd > from).ToListAsync(cancellationToken);
        var tenants = periods.Select(p => p.TenantId).Distinct().ToArray();
        var invoices = tenants.Length == 0 ? [] : await session.Query<InvoiceRevenue>().Where(i => tenants.Contains(i.TenantId)).ToListAsync(cancellationToken);
        var readFrom = periods.Select(p => p.PeriodStart).Append(from).Min();
        var readTo = periods.Select(p => p.PeriodEnd).Append(to).Max();

        var nodes = await session.Query<FleetNode>().ToListAsync(cancellationToken);
        var cards = await session.Query<CostCard>().ToListAsync(cancellationToken);
        // A day standing for its hours lies on one side of the report's bounds and of every billing period's, as the spread needs.
        var (hours, days) = await UsageReadings.ReadAsync(session, database, readFrom, readTo, nodes, cards,
            [from, to, .. periods.SelectMany(p => new[] { p.PeriodStart, p.PeriodEnd })], null, cancellationToken);
        var inReport = days.Where(d => d.First >= from && d.End <= to).ToList();
        return (RevenueSpread.Spread(from, to, periods, invoices, nodes, hours, days),
            CostAttributions.Attribute(from, to, nodes, cards, hours, inReport));
    }
}
