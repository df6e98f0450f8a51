using System.Globalization;
using GpuBilling.Messaging;
using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Fleet.Usage;

/// <summary>
/// Each node-day's GPUs as rows of plain columns beside its document: per GPU and holder its sums,
/// and its held entries' readings as three native arrays (utilization sum, readings, seconds), so a
/// report sums columns and compares numbers instead of walking each day's JSON
/// (<see cref="UsageReadings.StandingDaysCommand"/>). Never written on its own: <see cref="Store"/>
/// queues a day's rows on the session that saves the day, so they commit or fail with the document,
/// and a day's rows are always its document's GPUs.
/// </summary>
public static class NodeDayRows
{
    public const string TableName = "node_day_gpus";

    /// <summary>Marten's table of <see cref="NodeDayUsage"/> documents, which the rows are kept beside and filled from.</summary>
    public const string DocumentTable = "mt_doc_nodedayusage";

    public static Table Table(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<string>("day_id").AsPrimaryKey();
        // The GPU's place in the day's document: a key without nulls (a GPU's profile, tenant and class may be null).
        table.AddColumn<int>("position").AsPrimaryKey();
        // New each time a day's rows are written: what idle seconds kept at a level were computed from (<see cref="IdleTable"/>).
        table.AddColumn<Guid>("revision").NotNull();
        table.AddColumn<string>("gpu_uuid").NotNull();
        table.AddColumn<string>("model").NotNull();
        table.AddColumn<string>("mig_profile");
        table.AddColumn<string>("tenant_id");
        table.AddColumn<string>("allocation_class");
        table.AddColumn<long>("gpu_seconds").NotNull();
        table.AddColumn("utilization_percent_seconds", "numeric").NotNull();
        table.AddColumn<long>("utilization_samples").NotNull();
        table.AddColumn<long>("unmeasured_seconds").NotNull();
        table.AddColumn("energy_joules", "numeric").NotNull();
        table.AddColumn("reading_utilization", "numeric[]").NotNull();
        table.AddColumn("reading_samples", "integer[]").NotNull();
        table.AddColumn("reading_seconds", "bigint[]").NotNull();
        return table;
    }

    /// <summary>
    /// The seconds a held row's entries were idle at a level a report asked for, kept by the report that
    /// first compared them (<see cref="UsageReadings.StandingDaysCommand"/>), so a report at a level asked
    /// for before compares no readings. Keyed by the row's revision: a value kept from rows written over
    /// since is never read, so a changed day or a changed level is compared afresh; the writer drops a
    /// day's values when it writes the day again.
    /// </summary>
    public static Table IdleTable(string schema)
    {
        var table = new Table($"{schema}.{IdleTableName}");
        table.AddColumn<string>("day_id").AsPrimaryKey();
        table.AddColumn<Guid>("revision").AsPrimaryKey();
        table.AddColumn<int>("position").AsPrimaryKey();
        table.AddColumn("idle_below_percent", "numeric").AsPrimaryKey();
        table.AddColumn<long>("idle_seconds").NotNull();
        return table;
    }

    public const string IdleTableName = "node_day_idle";

    /// <summary>Replaces the rows of <paramref name="days"/> with their GPUs as they are now, in the session's transaction.</summary>
    public static void Store(IDocumentOperations operations, IReadOnlyCollection<NodeDayUsage> days)
    {
        if (days.Count == 0) return;
        var revisions = days.ToDictionary(d => d.Id, _ => Guid.NewGuid());
        var rows = days.SelectMany(d => d.Gpus.Select((g, i) => (Day: d.Id, Position: i, Gpu: g))).ToList();
        // One parameter, the array: a string[] alone would bind as the params array itself.
        operations.QueueSqlCommand($"delete from {FleetStorage.Name}.{IdleTableName} where day_id = any(?)", [days.Select(d => d.Id).ToArray()]);
        operations.QueueSqlCommand($"delete from {FleetStorage.Name}.{TableName} where day_id = any(?)", [days.Select(d => d.Id).ToArray()]);
        if (rows.Count == 0) return;
        // A row's readings travel as array literals (Npgsql sends no jagged arrays), written invariantly and cast exactly.
        operations.QueueSqlCommand(
            $"""
            insert into {FleetStorage.Name}.{TableName} ({Columns})
            select r.day_id, r.position, r.revision, r.gpu_uuid, r.model, r.mig_profile, r.tenant_id, r.allocation_class, r.gpu_seconds,
                r.utilization_percent_seconds, r.utilization_samples, r.unmeasured_seconds, r.energy_joules,
                r.reading_utilization::numeric[], r.reading_samples::integer[], r.reading_seconds::bigint[]
            from unnest(?::text[], ?::int[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::numeric[], ?::bigint[], ?::bigint[], ?::numeric[],
                ?::text[], ?::text[], ?::text[])
                r(day_id, position, revision, gpu_uuid, model, mig_profile, tenant_id, allocation_class, gpu_seconds, utilization_percent_seconds, utilization_samples,
                  unmeasured_seconds, energy_joules, reading_utilization, reading_samples, reading_seconds)
            """,
            rows.Select(r => r.Day).ToArray(),
            rows.Select(r => r.Position).ToArray(),
            rows.Select(r => revisions[r.Day]).ToArray(),
            rows.Select(r => r.Gpu.GpuUuid).ToArray(),
            rows.Select(r => r.Gpu.Model).ToArray(),
            rows.Select(r => r.Gpu.MigProfile).ToArray(),
            rows.Select(r => r.Gpu.TenantId).ToArray(),
            rows.Select(r => r.Gpu.AllocationClass).ToArray(),
            rows.Select(r => r.Gpu.GpuSeconds).ToArray(),
            rows.Select(r => r.Gpu.UtilizationPercentSeconds).ToArray(),
            rows.Select(r => r.Gpu.UtilizationSamples).ToArray(),
            rows.Select(r => r.Gpu.UnmeasuredSeconds).ToArray(),
            rows.Select(r => r.Gpu.EnergyJoules).ToArray(),
            rows.Select(r => Literal(r.Gpu.Readings.Select(h => h.UtilizationPercentSeconds))).ToArray(),
            rows.Select(r => Literal(r.Gpu.Readings.Select(h => h.Samples))).ToArray(),
            rows.Select(r => Literal(r.Gpu.Readings.Select(h => h.GpuSeconds))).ToArray());
    }

    /// <summary>
    /// The table filled from the node-day documents when a database of a version without it is
    /// upgraded, so reports read the same figures after it (<see cref="NodeDayRowsBackfill"/>).
    /// </summary>
    public static readonly TableBackfill Backfill = new(AdvisoryLocks.FleetSchema, $"{FleetStorage.Name}.{TableName}", $"{FleetStorage.Name}.{DocumentTable}",
        $"""
            insert into {FleetStorage.Name}.{TableName} ({Columns})
            select d.id, (g.position - 1)::int, gen_random_uuid(), g.gpu->>'GpuUuid', g.gpu->>'Model', g.gpu->>'MigProfile', g.gpu->>'TenantId', g.gpu->>'AllocationClass',
                (g.gpu->>'GpuSeconds')::bigint, (g.gpu->>'UtilizationPercentSeconds')::numeric, (g.gpu->>'UtilizationSamples')::bigint,
                (g.gpu->>'UnmeasuredSeconds')::bigint, (g.gpu->>'EnergyJoules')::numeric,
                array(select (r.reading->>0)::numeric from jsonb_array_elements(g.gpu->'Readings') with ordinality r(reading, n) order by r.n),
                array(select (r.reading->>1)::integer from jsonb_array_elements(g.gpu->'Readings') with ordinality r(reading, n) order by r.n),
                array(select (r.reading->>2)::bigint from jsonb_array_elements(g.gpu->'Readings') with ordinality r(reading, n) order by r.n)
            from {FleetStorage.Name}.{DocumentTable} d
                cross join lateral jsonb_array_elements(d.data->'Gpus') with ordinality g(gpu, position)
            where not exists (select from {FleetStorage.Name}.{TableName})
        """);

    private const string Columns =
        "day_id, position, revision, gpu_uuid, model, mig_profile, tenant_id, allocation_class, gpu_seconds, utilization_percent_seconds, " +
        "utilization_samples, unmeasured_seconds, energy_joules, reading_utilization, reading_samples, reading_seconds";

    private static string Literal<T>(IEnumerable<T> values) where T : IFormattable =>
        $"{{{string.Join(',', values.Select(v => v.ToString(null, CultureInfo.InvariantCulture)))}}}";
}
