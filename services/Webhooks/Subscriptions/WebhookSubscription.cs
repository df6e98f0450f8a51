using System.Text.Json.Serialization;
using Metering.Contracts;
using Webhooks.Signing;

namespace Webhooks.Subscriptions;

/// <summary>
/// A partner's endpoint for one tenant's events. Its secrets are kept as text because signing
/// needs them (a hash would not do); they are never shown again after the answer that creates them.
/// </summary>
/// <param name="PreviousSecret">The secret before the last rotation: it still signs until <paramref name="PreviousSecretExpiresAt"/>, so the partner can switch without losing messages.</param>
/// <param name="DisabledReason">Why deliveries stopped (a 410, days of failures): null while enabled. The partner reads it on the subscription.</param>
public sealed record WebhookSubscription(
    string Id,
    string TenantId,
    string Url,
    IReadOnlyList<string> EventTypes,
    string Secret,
    string? PreviousSecret,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    string? DisabledReason = null,
    DateTimeOffset? DisabledAt = null)
{
    /// <summary>How long the secret before a rotation keeps signing.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    [JsonIgnore]
    public bool Enabled => DisabledReason is null;

    public static WebhookSubscription Create(string tenantId, string url, IReadOnlyList<string> eventTypes, DateTimeOffset now) =>
        new($"whsub_{Guid.CreateVersion7():N}", tenantId, url, eventTypes, StandardWebhookSignature.NewSecret(), null, null, now);

    /// <summary>The event types a request names: none means every type.</summary>
    public static IReadOnlyList<string> EventTypesNamed(IReadOnlyList<string>? named) =>
        named is { Count: > 0 } ? [.. named.Distinct(StringComparer.Ordinal)] : [.. PartnerEventTypes.All];

    /// <summary>Where and what to deliver from now on (null: as it is). Deliveries read the subscription when they are sent, so those still due follow the change.</summary>
    public WebhookSubscription Change(string? url, IReadOnlyList<string>? eventTypes) =>
        this with { Url = url ?? Url, EventTypes = eventTypes is null ? EventTypes : EventTypesNamed(eventTypes) };

    /// <summary>The secrets that sign a message sent at <paramref name="now"/>: the current one first.</summary>
    public IReadOnlyList<string> SecretsAt(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now ? [Secret, PreviousSecret] : [Secret];

    public WebhookSubscription RotateSecret(DateTimeOffset now) =>
        this with { Secret = StandardWebhookSignature.NewSecret(), PreviousSecret = Secret, PreviousSecretExpiresAt = now + RotationOverlap };

    public WebhookSubscription Disable(string reason, DateTimeOffset now) =>
        Enabled ? this with { DisabledReason = reason, DisabledAt = now } : this;

    public WebhookSubscription Enable() => this with { DisabledReason = null, DisabledAt = null };

    public bool Wants(string eventType) => EventTypes.Contains(eventType, StringComparer.Ordinal);
}

