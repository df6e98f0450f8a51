using System.Security.Cryptography;
using System.Text;

namespace Webhooks.Deliveries;

public enum DeliveryState
{
    /// <summary>Waiting for its next attempt at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>The endpoint answered 2xx.</summary>
    Delivered,

    /// <summary>Given up (see <see cref="WebhookDelivery.FailureReason"/>); a replay makes it pending again.</summary>
    Failed,
}

/// <summary>One try: when, what came back (or why nothing did), and how long it took.</summary>
/// <param name="Status">The HTTP status, or null when no answer came (refused address, timeout, connection error).</param>
/// <param name="ResponseExcerpt">At most the first <see cref="WebhookDelivery.ExcerptBytes"/> bytes of the answer's body, as text.</param>
public sealed record DeliveryAttempt(DateTimeOffset At, int? Status, long LatencyMs, string? ResponseExcerpt, string? Error);

/// <summary>
/// One message to one subscription. Its id is the <c>webhook-id</c>: the same on every attempt and
/// replay, so a receiver deduplicates on it; it is derived from the event and the subscription, so
/// a redelivered event finds the delivery it already made.
/// </summary>
/// <param name="Payload">The body exactly as signed and sent: kept as text so every attempt sends the same bytes.</param>
/// <param name="AttemptsThisRound">Attempts since it was created or last replayed: its place on the retry schedule.</param>
public sealed record WebhookDelivery(
    string Id,
    Guid EventId,
    string EventType,
    string SubscriptionId,
    string TenantId,
    string Payload,
    DateTimeOffset CreatedAt,
    DeliveryState State,
    DateTimeOffset? NextAttemptAt,
    int AttemptsThisRound,
    IReadOnlyList<DeliveryAttempt> Attempts,
    string? FailureReason = null)
{
    public const int ExcerptBytes = 1024;

    public static string IdFor(Guid eventId, string subscriptionId) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{eventId:N}/{subscriptionId}")))[..32];

    public static WebhookDelivery Create(Guid eventId, string eventType, string subscriptionId, string tenantId, string payload, DateTimeOffset now) =>
        new(IdFor(eventId, subscriptionId), eventId, eventType, subscriptionId, tenantId, payload, now, DeliveryState.Pending, now, 0, []);

    /// <summary>Sends it again from the start of the schedule, under the same id; its attempts so far stay in the log.</summary>
    public WebhookDelivery Replay(DateTimeOffset now) =>
        this with { State = DeliveryState.Pending, NextAttemptAt = now, AttemptsThisRound = 0, FailureReason = null };

    /// <summary>Not attempted: the subscription is gone or disabled.</summary>
    public WebhookDelivery Abandon(string reason) =>
        this with { State = DeliveryState.Failed, NextAttemptAt = null, FailureReason = reason };
}
