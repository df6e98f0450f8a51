using System.Text.Json;
using GpuBilling.Messaging;
using Metering.Contracts;
using RabbitMQ.Client;

namespace RejectedReports;

/// <summary>The `gpu-usage-rejected` queue, read message by message with the plain client.</summary>
public sealed class RejectedQueue(RabbitMqSettings settings)
{
    public const string Name = "gpu-usage-rejected";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Every rejected report, left on the queue: unacknowledged messages return when the channel closes.</summary>
    public async Task<List<GpuUsageRejected>> PeekAllAsync()
    {
        await using var connection = await Connect();
        if (!await ExistsAsync(connection)) return [];
        await using var channel = await connection.CreateChannelAsync();
        var all = new List<GpuUsageRejected>();
        while (await channel.BasicGetAsync(Name, autoAck: false) is { } message) all.Add(Read(message.Body));
        return all;
    }

    /// <summary>
    /// Writes each rejected report to DIR as `{messageId}.json` (the report, ready to fix and resend)
    /// with its reasons beside it, and takes it off the queue only once both files are written.
    /// </summary>
    public async Task<List<string>> ExportAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        await using var connection = await Connect();
        if (!await ExistsAsync(connection)) return [];
        await using var channel = await connection.CreateChannelAsync();
        var files = new List<string>();
        while (await channel.BasicGetAsync(Name, autoAck: false) is { } message)
        {
            var rejected = Read(message.Body);
            var file = Path.Combine(directory, $"{rejected.MessageId ?? Guid.NewGuid()}.json");
            // The report as it was sent: a compact one travels in `windowReport`, the legacy `report` left empty.
            object report = (object?)rejected.WindowReport ?? rejected.Report;
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(report, report.GetType(), Json));
            await File.WriteAllTextAsync(Path.ChangeExtension(file, ".reasons.txt"), Describe(rejected));
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false);
            files.Add(file);
        }
        return files;
    }

    public static string Describe(GpuUsageRejected rejected)
    {
        var reasons = string.Concat(rejected.Reasons.Select(r => $"  {r.Field}: {r.Problem}\n"));
        if (rejected.WindowReport is { } window)
        {
            // Ranges as sent, not expanded: a rejected one may claim any count.
            var ranges = window.Seconds;
            var span = ranges.Count == 0 ? "no seconds" : $"{ranges.Sum(r => (long)r.Count)} second(s) in {ranges.Count} range(s) from {ranges.Min(r => r.First):O}";
            return $"{rejected.MessageId} compact report, node {window.NodeId}, {span}, rejected {rejected.RejectedAt:O}\n" + reasons;
        }
        var seconds = rejected.Report.Seconds;
        var secondsSpan = seconds.Count == 0 ? "no seconds" : $"{seconds.Min(s => s.Second):O} .. {seconds.Max(s => s.Second):O}";
        return $"{rejected.MessageId} node {rejected.Report.NodeId}, {seconds.Count} second(s) {secondsSpan}, rejected {rejected.RejectedAt:O}\n" + reasons;
    }

    /// <summary>Metering declares the queue when it first rejects a report; before that there is nothing to read.</summary>
    private static async Task<bool> ExistsAsync(IConnection connection)
    {
        // A passive declare of a missing queue closes its channel, so it gets one of its own.
        await using var probe = await connection.CreateChannelAsync();
        try
        {
            await probe.QueueDeclarePassiveAsync(Name);
            return true;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }

    // MassTransit's envelope carries the message under "message".
    private static GpuUsageRejected Read(ReadOnlyMemory<byte> body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("message").Deserialize<GpuUsageRejected>(Json)
        ?? throw new JsonException("A rejected message without a report.");

    private Task<IConnection> Connect() => new ConnectionFactory
    {
        HostName = settings.Host,
        Port = settings.Port,
        VirtualHost = settings.VirtualHost,
        UserName = settings.Username,
        Password = settings.Password,
    }.CreateConnectionAsync();
}
