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

    /// <summary>MassTransit's name for the legacy report: its namespace and name, which is why contracts never move.</summary>
    public static readonly string MessageType = MessageTypeOf<GpuUsageReported>();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="brokerUser">Stamped as the user-id, which the broker checks against the connection's user.</param>
    public static (BasicProperties Properties, byte[] Body) Of(GpuUsageReported report, string brokerUser, DateTimeOffset sentAt) =>
        Of<GpuUsageReported>(report, brokerUser, sentAt);

    /// <inheritdoc cref="Of(GpuUsageReported, string, DateTimeOffset)"/>
    public static (BasicProperties Properties, byte[] Body) Of(GpuUsageWindowReported report, string brokerUser, DateTimeOffset sentAt) =>
        Of<GpuUsageWindowReported>(report, brokerUser, sentAt);

    private static (BasicProperties Properties, byte[] Body) Of<T>(T report, string brokerUser, DateTimeOffset sentAt)
    {
        var messageId = Guid.NewGuid();
        var body = JsonSerializer.SerializeToUtf8Bytes(new Envelope<T>(messageId, [TypeName<T>.Urn], report, sentAt), Json);
        var properties = new BasicProperties
        {
            ContentType = ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId.ToString(),
            UserId = brokerUser,
        };
        return (properties, body);
    }

    private static string MessageTypeOf<T>() => $"urn:message:{typeof(T).Namespace}:{typeof(T).Name}";

    private static class TypeName<T>
    {
        public static readonly string Urn = MessageTypeOf<T>();
    }

    private sealed record Envelope<T>(Guid MessageId, string[] MessageType, T Message, DateTimeOffset SentTime);
}
