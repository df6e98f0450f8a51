using Fleet.CostCards;
using Fleet.Efficiency;
using Fleet.Inventory;
using Fleet.Revenue;
using Fleet.Usage;
using Marten;
using Marten.Linq;
using Npgsql;

namespace Metering.Benchmarks;

/// <summary>
/// A report's floor: the rows it reads, by the same SQL Marten makes of the same queries the service
/// makes (taken from Marten with <c>ToCommand</c>, so the predicates and indexes are the service's) and
/// the service's own SQL of the standing days' GPUs (<see cref="UsageReadings.StandingDaysCommand"/>),
/// read to their last byte through Npgsql and nothing done with them (<see cref="Fleet.Usage.UsageReadings"/>
/// says what a report reads).
/// </summary>
public static class FleetFloor
{
    public static FleetFloorReads Of(IDocumentStore store, FleetQuery query)
    {
        using var session = store.QuerySession();
        var (from, to) = (FleetMonth.From, FleetMonth.To);
        List<NpgsqlCommand> reads =
        [
            session.Query<FleetNode>().ToCommand(FetchType.FetchMany),
            session.Query<CostCard>().ToCommand(FetchType.FetchMany),
        ];
        if (query.Path == "margin")
        {
            // Every billing period overlapping the report, the invoices of their tenants, and the node-hours of those periods (April's, here).
            var tenants = Enumerable.Range(0, FleetMonth.Tenants).Select(FleetMonth.TenantId).ToArray();
            reads.Add(session.Query<RatedPeriod>().Where(p => p.PeriodStart < to && p.PeriodEnd > from).ToCommand(FetchType.FetchMany));
            reads.Add(session.Query<InvoiceRevenue>().Where(i => tenants.Contains(i.TenantId)).ToCommand(FetchType.FetchMany));
        }
        else
        {
            reads.Add(session.Query<FleetIdleThreshold>().ToCommand(FetchType.FetchMany));
            if (query.Path.StartsWith("tenants/", StringComparison.Ordinal)) reads.Add(session.Query<TenantIdleSettings>().ToCommand(FetchType.FetchMany));
        }
        // Every day of the month stands for its hours (one version per node and card all month), so no node-hour is read, only counted:
        // the days' outlines, then each day's GPUs with their sums (and for efficiency their idle seconds at the level), as the service reads them.
        reads.Add(UsageReadings.OutlinesCommand(from, to));
        reads.Add(session.Query<NodeHourUsage>().Where(u => u.Hour >= from && u.Hour < to).ToCommand(FetchType.Count));
        // A node's days all stand alike (one version, one card version, inside the report and April's billing periods): one span per node.
        var days = Enumerable.Range(0, FleetMonth.Nodes).SelectMany(node => Enumerable.Range(0, FleetMonth.Hours / 24)
            .Select(day => (Id: NodeDayUsage.KeyOf(FleetMonth.NodeId(node), from.AddDays(day)), Span: node))).ToList();
        return new FleetFloorReads(reads,
            UsageReadings.StandingDaysCommand([.. days.Select(d => d.Id)], [.. days.Select(d => d.Span)], query.Path == "margin" ? null : FleetMonth.IdleBelowPercent));
    }

    public static async Task<(long Rows, long Bytes)> ReadAsync(NpgsqlDataSource database, FleetFloorReads reads)
    {
        long rows = 0, bytes = 0;
        await using var connection = await database.OpenConnectionAsync();
        foreach (var read in reads.Documents) await ReadOneAsync(read, connection, null);
        // In the transaction and with the settings the service runs it in.
        await using (var transaction = await UsageReadings.BeginStandingDaysAsync(connection, CancellationToken.None))
        {
            await ReadOneAsync(reads.StandingDays, connection, transaction);
            await transaction.CommitAsync();
        }
        return (rows, bytes);

        async Task ReadOneAsync(NpgsqlCommand read, NpgsqlConnection connection, NpgsqlTransaction? transaction)
        {
            await using var command = new NpgsqlCommand(read.CommandText, connection, transaction);
            foreach (NpgsqlParameter parameter in read.Parameters) command.Parameters.Add(parameter.Clone());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows++;
                for (var column = 0; column < reader.FieldCount; column++)
                    if (!await reader.IsDBNullAsync(column) && reader.GetFieldType(column) == typeof(string)) bytes += reader.GetString(column).Length;
            }
        }
    }
}

/// <summary>What a report reads through Marten (<see cref="Documents"/>), and its standing days' statement.</summary>
public sealed record FleetFloorReads(IReadOnlyList<NpgsqlCommand> Documents, NpgsqlCommand StandingDays);
