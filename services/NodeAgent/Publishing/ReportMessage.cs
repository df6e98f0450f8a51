using System.Text.Json;
using Metering.Contracts;
using RabbitMQ.Client;

namespace NodeAgent.Publishing;

/// <summary>
/// A report as metering's MassTransit consumer reads it: MassTransit's JSON envelope (the report
/// under `message`, its type as MassTransit names it under `messageType`) with MassTransit's
/// content type. The agent no longer runs MassTransit (it would declare topology, which a node's
/// broker user may not), so it writes the envelope itself; only the fields MassTransit needs to
/// deliver the message are written.
/// </summary>
public static class ReportMessage
{
    public const string ContentType = "application/vnd.masstransit+json";

    /// <summary>MassTransit's name for a message type: its namespace and name, which is why contracts never move.</summary>
    public static readonly string MessageType = $"urn:message:{typeof(GpuUsageReported).Namespace}:{nameof(GpuUsageReported)}";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="brokerUser">Stamped as the user-id, which the broker checks against the connection's user.</param>
    public static (BasicProperties Properties, byte[] Body) Of(GpuUsageReported report, string brokerUser, DateTimeOffset sentAt)
    {
        var messageId = Guid.NewGuid();
        var body = JsonSerializer.SerializeToUtf8Bytes(new Envelope(messageId, [MessageType], report, sentAt), Json);
        var properties = new BasicProperties
        {
            ContentType = ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId.ToString(),
            UserId = brokerUser,
        };
        return (properties, body);
    }

    private sealed record Envelope(Guid MessageId, string[] MessageType, GpuUsageReported Message, DateTimeOffset SentTime);
}
