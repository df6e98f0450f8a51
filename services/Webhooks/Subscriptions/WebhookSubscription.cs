using System.Text.Json.Serialization;
using Metering.Contracts;
using Webhooks.Signing;

namespace Webhooks.Subscriptions;

/// <summary>
/// A partner's endpoint for one tenant's events. Signing needs its secrets themselves (a hash would
/// not do), so they are kept sealed (<see cref="SecretBox"/>) and opened only to sign; they are never
/// shown again after the answer that creates them.
/// </summary>
/// <param name="Secret">Sealed, as <paramref name="PreviousSecret"/> is.</param>
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

    /// <returns>The subscription and its secret in clear, for the one answer that shows it.</returns>
    public static (WebhookSubscription Subscription, string Secret) Create(
        string tenantId, string url, IReadOnlyList<string> eventTypes, DateTimeOffset now, SecretBox secrets)
    {
        var id = $"whsub_{Guid.CreateVersion7():N}";
        var secret = StandardWebhookSignature.NewSecret();
        return (new(id, tenantId, url, eventTypes, secrets.Seal(secret, id), null, null, now), secret);
    }

    /// <summary>The event types a request names: none means every type.</summary>
    public static IReadOnlyList<string> EventTypesNamed(IReadOnlyList<string>? named) =>
        named is { Count: > 0 } ? [.. named.Distinct(StringComparer.Ordinal)] : [.. PartnerEventTypes.All];

    /// <summary>Where and what to deliver from now on (null: as it is). Deliveries read the subscription when they are sent, so those still due follow the change.</summary>
    public WebhookSubscription Change(string? url, IReadOnlyList<string>? eventTypes) =>
        this with { Url = url ?? Url, EventTypes = eventTypes is null ? EventTypes : EventTypesNamed(eventTypes) };

    /// <summary>The secrets that sign a message sent at <paramref name="now"/>: the current one first.</summary>
    public IReadOnlyList<string> SecretsAt(DateTimeOffset now, SecretBox secrets) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now
            ? [secrets.Open(Secret, Id), secrets.Open(PreviousSecret, Id)]
            : [secrets.Open(Secret, Id)];

    /// <returns>The subscription and its new secret in clear, for the one answer that shows it.</returns>
    public (WebhookSubscription Subscription, string Secret) RotateSecret(DateTimeOffset now, SecretBox secrets)
    {
        var secret = StandardWebhookSignature.NewSecret();
        return (this with { Secret = secrets.Seal(secret, Id), PreviousSecret = Secret, PreviousSecretExpiresAt = now + RotationOverlap }, secret);
    }

    /// <summary>Both secrets sealed under the current key, whether they were in clear or under a previous key.</summary>
    public WebhookSubscription SealedAgain(SecretBox secrets) => this with
    {
        Secret = secrets.Seal(secrets.Open(Secret, Id), Id),
        PreviousSecret = PreviousSecret is null ? null : secrets.Seal(secrets.Open(PreviousSecret, Id), Id),
    };

    public WebhookSubscription Disable(string reason, DateTimeOffset now) =>
        Enabled ? this with { DisabledReason = reason, DisabledAt = now } : this;

    public WebhookSubscription Enable() => this with { DisabledReason = null, DisabledAt = null };

    public bool Wants(string eventType) => EventTypes.Contains(eventType, StringComparer.Ordinal);
}

