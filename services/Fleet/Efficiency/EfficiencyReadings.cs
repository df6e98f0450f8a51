using Fleet.CostCards;
using Fleet.Inventory;
using Fleet.Usage;
using Marten;
using Npgsql;

namespace Fleet.Efficiency;

/// <summary>What an efficiency report reads: the inventory and cards as they were, the period's usage (<see cref="UsageReadings"/>), and the idle levels in force now.</summary>
public static class EfficiencyReadings
{
    /// <summary>
    /// Every GPU's figures of the period at the operator's level; with <paramref name="tenantId"/>, only
    /// that tenant's GPUs, at its own level where it set one.
    /// </summary>
    public static async Task<(IReadOnlyList<GpuEfficiency> Rows, decimal IdleBelowPercent)> MeasureAsync(
        IQuerySession session, NpgsqlDataSource database, DateTimeOffset from, DateTimeOffset to, string? tenantId, CancellationToken cancellationToken)
    {
        var fleet = await session.LoadAsync<FleetIdleThreshold>(FleetIdleThreshold.DocumentId, cancellationToken);
        var level = tenantId is null
            ? FleetIdleThreshold.PercentOf(fleet)
            : IdleRule.Of(await session.LoadAsync<TenantIdleSettings>(tenantId, cancellationToken), fleet).IdleBelowPercent;
        var nodes = await session.Query<FleetNode>().ToListAsync(cancellationToken);
        var cards = await session.Query<CostCard>().ToListAsync(cancellationToken);
        var (hours, days) = await UsageReadings.ReadAsync(session, database, from, to, nodes, cards, [], level, cancellationToken);
        var rows = GpuEfficiencies.Measure(from, to, nodes, cards, hours, _ => level, days);
        return (tenantId is null ? rows : [.. rows.Where(r => r.TenantId == tenantId)], level);
    }
}
