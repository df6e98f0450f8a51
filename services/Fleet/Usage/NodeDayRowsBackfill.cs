using GpuBilling.Messaging;
using Npgsql;

namespace Fleet.Usage;

/// <summary>
/// Fills <see cref="NodeDayRows"/> from the node-day documents at the first start of a version that
/// has it. Stop every instance of the earlier version first: one still running would keep days
/// without their rows, as for every upgrade of the fleet's consumer.
/// </summary>
public sealed class NodeDayRowsBackfill(NpgsqlDataSource database, ILogger<NodeDayRowsBackfill> logger)
    : TableBackfillAtStart(database, NodeDayRows.Backfill, logger);
