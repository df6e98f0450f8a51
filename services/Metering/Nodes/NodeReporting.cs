using Marten;
using Metering.Contracts;
using Metering.Ledger;
using Weasel.Postgresql.Tables;

namespace Metering.Nodes;

/// <summary>
/// Per node, the span of seconds and of sequence numbers it has reported and how many of each
/// the ledger holds: the difference is the gap an operator needs to tell a quiet GPU from a
/// dead agent. Counting distinct recorded seconds keeps it exact whatever the arrival order.
/// </summary>
public sealed class NodeReporting : ILedgerReadModel
{
    public const string TableName = "node_reporting";

    public static Table Table(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<string>("node_id").AsPrimaryKey();
        table.AddColumn("first_second", "timestamptz").NotNull();
        table.AddColumn("last_second", "timestamptz").NotNull();
        table.AddColumn<long>("seconds_recorded").NotNull();
        table.AddColumn<long>("first_sequence").NotNull();
        table.AddColumn<long>("last_sequence").NotNull();
        table.AddColumn<long>("sequences_recorded").NotNull();
        table.AddColumn("last_recorded_at", "timestamptz").NotNull();
        return table;
    }

    public void Apply(IDocumentOperations operations, IReadOnlyList<NodeUsageRecorded> recorded)
    {
        var nodes = recorded
            .GroupBy(e => e.NodeId)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                // Counted run by run: a report window's seconds and sequence numbers are a run or two each.
                var sequences = g.SelectMany(e => Runs.ParseRanges(e.Sequences)).ToList();
                return (NodeId: g.Key, First: g.Min(e => e.Hour.AddSeconds(e.Seconds.First())), Last: g.Max(e => e.Hour.AddSeconds(e.Seconds.Last())),
                    Seconds: g.Sum(e => (long)e.Seconds.Count),
                    FirstSequence: sequences.Min(r => r.First), LastSequence: sequences.Max(r => r.Last), Sequences: sequences.Sum(r => r.Last - r.First + 1),
                    RecordedAt: g.Max(e => e.RecordedAt));
            })
            .ToList();

        var table = $"{MeteringStorage.Name}.{TableName}";
        operations.QueueSqlCommand(
            $"""
            insert into {table} (node_id, first_second, last_second, seconds_recorded,
                first_sequence, last_sequence, sequences_recorded, last_recorded_at)
            select * from unnest(?::text[], ?::timestamptz[], ?::timestamptz[], ?::bigint[],
                ?::bigint[], ?::bigint[], ?::bigint[], ?::timestamptz[])
            on conflict (node_id) do update set
                first_second = least({TableName}.first_second, excluded.first_second),
                last_second = greatest({TableName}.last_second, excluded.last_second),
                seconds_recorded = {TableName}.seconds_recorded + excluded.seconds_recorded,
                first_sequence = least({TableName}.first_sequence, excluded.first_sequence),
                last_sequence = greatest({TableName}.last_sequence, excluded.last_sequence),
                sequences_recorded = {TableName}.sequences_recorded + excluded.sequences_recorded,
                last_recorded_at = greatest({TableName}.last_recorded_at, excluded.last_recorded_at)
            """,
            nodes.Select(n => n.NodeId).ToArray(),
            nodes.Select(n => n.First).ToArray(),
            nodes.Select(n => n.Last).ToArray(),
            nodes.Select(n => n.Seconds).ToArray(),
            nodes.Select(n => n.FirstSequence).ToArray(),
            nodes.Select(n => n.LastSequence).ToArray(),
            nodes.Select(n => n.Sequences).ToArray(),
            nodes.Select(n => n.RecordedAt).ToArray());
    }
}
