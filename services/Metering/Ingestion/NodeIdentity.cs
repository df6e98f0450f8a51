using MassTransit;
using Metering.Contracts;

namespace Metering.Ingestion;

/// <summary>
/// A node may report only for itself. Each node connects to RabbitMQ as a user of its own name
/// and stamps that name in the message's user-id property, which the broker refuses to carry
/// unless it is the user that authenticated the connection; so the user-id is the broker's word
/// for who sent the report, and it must be the report's node.
/// </summary>
public static class NodeIdentity
{
    public static RejectionReason? Check(ConsumeContext message, string nodeId, IngestionOptions options)
    {
        var user = message.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit.Properties.UserId : null;
        if (user is not null && options.TrustedBrokerUsers.Contains(user, StringComparer.Ordinal)) return null;
        if (user == nodeId) return null;
        return new RejectionReason("NodeId",
            user is null
                ? $"The report for node '{nodeId}' carries no broker-validated user."
                : $"Broker user '{user}' may not report for node '{nodeId}'.");
    }
}
