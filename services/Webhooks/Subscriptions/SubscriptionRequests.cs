using FluentValidation;
using GpuBilling.Decisions;
using Metering.Contracts;
using Webhooks.Deliveries;

namespace Webhooks.Subscriptions;

/// <param name="TenantId">Operators name the tenant; a tenant's or partner's key speaks for its own and may leave it out.</param>
/// <param name="EventTypes">Empty or absent: every event type.</param>
public sealed record CreateSubscriptionRequest(string? Url, IReadOnlyList<string>? EventTypes, string? TenantId);

/// <summary>A change to a subscription: a field left out stays as it is; the tenant, secret and deliveries never change.</summary>
/// <param name="EventTypes">Empty: every event type, as on creation.</param>
public sealed record UpdateSubscriptionRequest(string? Url, IReadOnlyList<string>? EventTypes);

/// <summary>A subscription as the API shows it: never its secrets.</summary>
public sealed record SubscriptionView(
    string Id, string TenantId, string Url, IReadOnlyList<string> EventTypes, bool Enabled, string? DisabledReason,
    DateTimeOffset? DisabledAt, DateTimeOffset CreatedAt, DateTimeOffset? PreviousSecretExpiresAt)
{
    public static SubscriptionView Of(WebhookSubscription s) =>
        new(s.Id, s.TenantId, s.Url, s.EventTypes, s.Enabled, s.DisabledReason, s.DisabledAt, s.CreatedAt, s.PreviousSecretExpiresAt);
}

/// <summary>The answer that carries a secret: the only time it is shown.</summary>
public sealed record SubscriptionWithSecret(SubscriptionView Subscription, string Secret);

public sealed record DeliveryView(
    string Id, string EventType, Guid EventId, string SubscriptionId, DeliveryState State, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, string? FailureReason, IReadOnlyList<DeliveryAttempt> Attempts)
{
    public static DeliveryView Of(WebhookDelivery d) =>
        new(d.Id, d.EventType, d.EventId, d.SubscriptionId, d.State, d.CreatedAt, d.NextAttemptAt, d.FailureReason, d.Attempts);
}

public sealed class CreateSubscriptionValidator : AbstractValidator<CreateSubscriptionRequest>
{
    public CreateSubscriptionValidator(WebhookOptions options)
    {
        RuleFor(r => r.Url).IsWebhookUrl(options);
        RuleForEach(r => r.EventTypes).IsPartnerEventType();
        RuleFor(r => r.TenantId).IsId(Ids.Tenant).WithMessage(Ids.Tenant.Words);
    }
}

/// <summary>Whatever an update changes must pass the rules it would have had to pass on creation.</summary>
public sealed class UpdateSubscriptionValidator : AbstractValidator<UpdateSubscriptionRequest>
{
    public UpdateSubscriptionValidator(WebhookOptions options)
    {
        RuleFor(r => r.Url).IsWebhookUrl(options).When(r => r.Url is not null);
        RuleForEach(r => r.EventTypes).IsPartnerEventType();
    }
}

/// <summary>The rules of a subscription's fields, one definition for every request that sets them.</summary>
public static class SubscriptionRules
{
    public const int MaxUrlLength = 2048;

    public static IRuleBuilderOptions<T, string?> IsWebhookUrl<T>(this IRuleBuilderInitial<T, string?> url, WebhookOptions options) =>
        url.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required")
            .MaximumLength(MaxUrlLength).WithMessage($"must be at most {MaxUrlLength} characters")
            .Matches(options.AllowPrivateNetworks ? "^\\s*[Hh][Tt][Tt][Pp][Ss]?://" : "^\\s*[Hh][Tt][Tt][Pp][Ss]://").WithMessage(SchemeRule(options))
            .Must(url => IsAllowed(url!, options.AllowPrivateNetworks)).WithMessage(SchemeRule(options));

    /// <summary>The scheme is also a pattern, so the document says it (the rest of the rule is a predicate it cannot).</summary>
    private static string SchemeRule(WebhookOptions options) =>
        options.AllowPrivateNetworks
            ? "must be an absolute http or https URL without user information"
            : "must be an absolute https URL without user information";

    public static IRuleBuilderOptions<T, string> IsPartnerEventType<T>(this IRuleBuilder<T, string> type) =>
        type.IsOneOf(PartnerEventTypes.All)
            .WithMessage((_, type) => $"'{type}' is not an event type; known: {string.Join(", ", PartnerEventTypes.All)}");

    private static bool IsAllowed(string url, bool allowPrivateNetworks) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (allowPrivateNetworks && uri.Scheme == Uri.UriSchemeHttp));
}
