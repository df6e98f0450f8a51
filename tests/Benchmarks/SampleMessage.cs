using System.Text.Json;
using GpuBilling.Testing;
using Metering.Contracts;
using Metering.Ingestion;
using RabbitMQ.Client;

namespace Metering.Benchmarks;

/// <summary>
/// The message every phase carries: what the agent sends in real time, for 8 GPUs, exactly as it
/// sends it, MassTransit envelope, headers and properties included: one node-second as a legacy
/// report, or a node's window as a compact one (<see cref="BenchSettings.Report"/>). It is taken
/// from the real agent rather than built here, so phases 1 and 2 move the very bytes that phase 3 moves.
/// </summary>
public sealed record SampleMessage(byte[] Envelope, BasicProperties Properties, object Report, int NodeSeconds, int GpuSeconds)
{
    private const string VirtualHost = "bench-capture";

    public string ReportType => Report.GetType().Name;

    public double BytesPerNodeSecond => (double)Envelope.Length / NodeSeconds;

    /// <summary>
    /// Runs the agent for one message's seconds of one node against metering's queue with nobody
    /// consuming it, then takes the message off the queue raw.
    /// </summary>
    public static async Task<SampleMessage> CaptureAsync(BenchSettings settings)
    {
        await Broker.CreateVirtualHostAsync(VirtualHost);
        await Broker.DeclareReportsQueueAsync(VirtualHost);
        var directory = Directory.CreateDirectory(Path.Combine(settings.WorkDirectory, "capture")).FullName;
        await Fleet.WriteAllocationsAsync(directory, nodes: 1);
        var seconds = settings.SecondsPerMessage;
        var agentSettings = Fleet.AgentSettings(VirtualHost, directory, nodes: 1,
            startAt: WholeSecond(DateTimeOffset.UtcNow.AddHours(-1)), seconds, realtime: false, settings);

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
        var message = JsonDocument.Parse(envelope).RootElement.GetProperty("message");
        var (report, nodeSeconds) = settings.Report == "compact"
            ? Read(message.Deserialize<GpuUsageWindowReported>(JsonSerializerOptions.Web)!)
            : Read(message.Deserialize<GpuUsageReported>(JsonSerializerOptions.Web)!);
        if (nodeSeconds.Count != seconds || nodeSeconds.Any(s => s.Gpus.Count != Fleet.GpusPerNode))
            throw new InvalidOperationException($"Expected {seconds} second(s) of {Fleet.GpusPerNode} GPUs, captured {nodeSeconds.Count}.");
        return new SampleMessage(envelope, new BasicProperties(taken.BasicProperties), report, seconds, nodeSeconds.Sum(s => s.Gpus.Count));
    }

    private static (object, IReadOnlyList<NodeSecond>) Read(GpuUsageReported report) => (report, report.Seconds);

    private static (object, IReadOnlyList<NodeSecond>) Read(GpuUsageWindowReported report) => (report, report.NodeSeconds());

    private static DateTimeOffset WholeSecond(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());
}
