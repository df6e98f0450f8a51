using GpuBilling.Access;
using GpuBilling.ServiceDefaults;
using Npgsql;

namespace Metering.Nodes;

/// <summary>
/// How completely a node has reported. Missing seconds are the seconds in its reported span
/// that the ledger does not hold; missing sequences likewise for the agent's counter, which
/// also catches reports lost while the clock says nothing is missing (a clock jump, say).
/// </summary>
public sealed record NodeReport(
    string NodeId,
    DateTimeOffset FirstSecond,
    DateTimeOffset LastSecond,
    long SecondsRecorded,
    long MissingSeconds,
    long FirstSequence,
    long LastSequence,
    long MissingSequences,
    DateTimeOffset LastRecordedAt);

public static class NodesEndpoint
{
    public static void MapNodes(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/nodes", ListAsync)
            .RequireRoles(Roles.Operator)
            .WithName("ListNodes")
            .WithTag("Nodes", "How completely each GPU node has reported: seconds and sequence numbers missing.")
            .WithSummary("How completely each node has reported: missing seconds and sequences.")
            .Produces<List<NodeReport>>();

    private static async Task<IResult> ListAsync(NpgsqlDataSource database, CancellationToken cancellationToken) =>
        Results.Ok(await ReadAsync(database, cancellationToken));

    public static async Task<List<NodeReport>> ReadAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            select node_id, first_second, last_second, seconds_recorded, first_sequence, last_sequence,
                   sequences_recorded, last_recorded_at
            from {MeteringStorage.Name}.{NodeReporting.TableName}
            order by node_id
            """);
        var nodes = new List<NodeReport>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var first = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
            var last = new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero);
            var seconds = reader.GetInt64(3);
            var firstSequence = reader.GetInt64(4);
            var lastSequence = reader.GetInt64(5);
            nodes.Add(new NodeReport(
                reader.GetString(0), first, last, seconds,
                (long)(last - first).TotalSeconds + 1 - seconds,
                firstSequence, lastSequence,
                lastSequence - firstSequence + 1 - reader.GetInt64(6),
                new DateTimeOffset(reader.GetDateTime(7), TimeSpan.Zero)));
        }
        return nodes;
    }
}
