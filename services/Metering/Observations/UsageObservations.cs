using System.Text.Json;
using Marten;
using Metering.Contracts;
using Metering.Ledger;
using Weasel.Postgresql.Tables;

namespace Metering.Observations;

/// <summary>
/// Observations waiting to be published: written in the intake's own transaction, so an
/// observation exists exactly when the seconds it counts were claimed, and deleted once
/// published. A row rather than an event: an observation is superseded by the ledger within
/// minutes, and kept for ever in the event store it would cost more than the ledger it precedes.
/// </summary>
public sealed class UsageObservations : ILedgerReadModel
{
    public const string TableName = "usage_observations";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Table Table(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<Guid>("observation_id").AsPrimaryKey();
        table.AddColumn("observed_at", "timestamptz").NotNull();
        table.AddColumn("body", "jsonb").NotNull();
        return table;
    }

    public void Apply(IDocumentOperations operations, IReadOnlyList<NodeUsageRecorded> recorded)
    {
        if (recorded.Count == 0) return;
        if (ObservedUsageOf.Batch(recorded, recorded.Max(e => e.RecordedAt), Guid.CreateVersion7()) is not { } observation) return;
        operations.QueueSqlCommand(
            $"insert into {MeteringStorage.Name}.{TableName} (observation_id, observed_at, body) values (?, ?, ?::jsonb)",
            observation.ObservationId, observation.ObservedAt, JsonSerializer.Serialize(observation, Json));
    }
}
