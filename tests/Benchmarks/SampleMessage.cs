using System.Text.Json;
using GpuBilling.Testing;
using Metering.Contracts;
using Metering.Ingestion;
using RabbitMQ.Client;

namespace Metering.Benchmarks;

/// <summary>
/// The message every phase carries: one node-second of 8 GPUs exactly as the agent sends it,
/// MassTransit envelope, headers and properties included. It is taken from the real agent
/// rather than built here, so phases 1 and 2 move the very bytes that phase 3 moves.
/// </summary>
public sealed record SampleMessage(byte[] Envelope, BasicProperties Properties, GpuUsageReported Report)
{
    private const string VirtualHost = "bench-capture";

    public int GpuSeconds => Report.Seconds.Sum(s => s.Gpus.Count);

    /// <summary>
    /// Runs the agent for one second of one node against metering's queue with nobody consuming it, then takes the
    /// message off the queue raw.
    /// </summary>
    public static async Task<SampleMessage> CaptureAsync(BenchSettings settings)
    {
        await Broker.CreateVirtualHostAsync(VirtualHost);
        await Broker.DeclareReportsQueueAsync(VirtualHost);
        var directory = Directory.CreateDirectory(Path.Combine(settings.WorkDirectory, "capture")).FullName;
        await Fleet.WriteAllocationsAsync(directory, nodes: 1);
        var agentSettings = Fleet.AgentSettings(VirtualHost, directory, nodes: 1,
            startAt: WholeSecond(DateTimeOffset.UtcNow.AddHours(-1)), seconds: 1, realtime: false, maxSecondsPerMessage: 1);

        await using (var agent = ServiceProcess.Start("NodeAgent", agentSettings, Path.Combine(directory, "node-agent.log")))
        {
            var exit = await agent.WaitForExitAsync(TimeSpan.FromMinutes(2));
            if (exit != 0) throw new InvalidOperationException($"The agent failed capturing the sample (exit {exit}); see {agent.LogFile}");
        }

        await using var connection = await Broker.Factory(VirtualHost).CreateConnectionAsync("bench-capture");
        await using var channel = await connection.CreateChannelAsync();
        var taken = await channel.BasicGetAsync(GpuUsageReportedConsumerDefinition.QueueName, autoAck: true)
            ?? throw new InvalidOperationException("The agent exited without leaving its message on the queue.");
        var envelope = taken.Body.ToArray();
        await File.WriteAllBytesAsync(Path.Combine(directory, "envelope.json"), envelope);

        // MassTransit's JSON envelope carries the contract under "message", in web (camelCase) form.
        var report = JsonDocument.Parse(envelope).RootElement.GetProperty("message").Deserialize<GpuUsageReported>(JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The captured envelope holds no message.");
        if (report.Seconds.Count != 1 || report.Seconds[0].Gpus.Count != Fleet.GpusPerNode)
            throw new InvalidOperationException($"Expected one second of {Fleet.GpusPerNode} GPUs, captured {report.Seconds.Count} second(s).");
        return new SampleMessage(envelope, new BasicProperties(taken.BasicProperties), report);
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());
}
