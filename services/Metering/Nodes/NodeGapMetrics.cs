using System.Diagnostics.Metrics;
using Metering.Ingestion;
using Npgsql;

namespace Metering.Nodes;

/// <summary>
/// How many nodes have gaps (by: seconds, sequences), as <see cref="NodesEndpoint"/> counts them,
/// read when Prometheus scrapes: one count over the nodes' table, two series however large the
/// fleet. Which nodes they are is the API's answer (`/v1/nodes`), not a label per node.
/// </summary>
public sealed class NodeGapMetrics(IMeterFactory meters, NpgsqlDataSource database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        meters.Create(IngestionMetrics.MeterName).CreateObservableGauge("metering.nodes.with_gaps", Read, "{node}",
            "Nodes with seconds or sequence numbers missing from the span they have reported (by: seconds, sequences).");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<long>> Read()
    {
        using var command = database.CreateCommand(
            $"""
            select count(*) filter (where extract(epoch from last_second - first_second)::bigint + 1 > seconds_recorded),
                   count(*) filter (where last_sequence - first_sequence + 1 > sequences_recorded)
            from {MeteringStorage.Name}.{NodeReporting.TableName}
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        return
        [
            new(reader.GetInt64(0), new KeyValuePair<string, object?>("by", "seconds")),
            new(reader.GetInt64(1), new KeyValuePair<string, object?>("by", "sequences")),
        ];
    }
}
