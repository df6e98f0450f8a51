namespace Metering.Contracts;

/// <summary>
/// Something a tenant's partners are told of by webhook, published by the service that owns what
/// happened (invoicing, for invoices). The owner writes <see cref="Data"/>, because it knows what
/// the event means; the webhooks service only signs and delivers it, so a new kind of event needs
/// no change there beyond its name in <see cref="PartnerEventTypes"/>.
/// </summary>
/// <remarks>Published contract: MassTransit routes by full type name, so evolve it additively.</remarks>
public sealed record PartnerEvent
{
    /// <summary>
    /// Unique per partner event, and the same each time it is published again (the publisher may
    /// repeat a page after a crash), so consumers deduplicate on it.
    /// </summary>
    public required Guid EventId { get; init; }

    /// <summary>The Standard Webhooks <c>type</c>, one of <see cref="PartnerEventTypes.All"/>.</summary>
    public required string Type { get; init; }

    public required string TenantId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The payload's <c>data</c>: a JSON object, amounts as decimal strings (a JSON number is binary floating point to most clients).</summary>
    public required string Data { get; init; }
}

public static class PartnerEventTypes
{
    public const string InvoiceFinalized = "invoice.finalized";
    public const string InvoiceVoided = "invoice.voided";
    public const string CreditNoteIssued = "credit_note.issued";

    /// <summary>Late usage of an already invoiced period was billed on this invoice: one per corrected period.</summary>
    public const string LateUsageBilled = "invoice.late_usage_billed";

    /// <summary>A period's GPU-hours or spend reached a level the tenant set: once per level and period.</summary>
    public const string UsageThresholdCrossed = "usage.threshold_crossed";

    /// <summary>A tenant's standing changed state (each once per change of state; see the standing in invoicing).</summary>
    public const string CreditsLow = "credits.low";
    public const string CreditsDepleted = "credits.depleted";
    public const string SpendLimitReached = "spend_limit.reached";

    /// <summary>A credit grant expires within the notice the operator set; once per grant.</summary>
    public const string CreditsExpiring = "credits.expiring";

    /// <summary>A credit grant expired with some of it unused, written off at the expiry instant.</summary>
    public const string CreditsExpired = "credits.expired";

    /// <summary>A tenant's GPU stayed held and idle for the duration the tenant set: once per episode.</summary>
    public const string GpuIdle = "gpu.idle";

    public static readonly IReadOnlyList<string> All =
    [
        InvoiceFinalized, InvoiceVoided, CreditNoteIssued, LateUsageBilled, UsageThresholdCrossed,
        CreditsLow, CreditsDepleted, SpendLimitReached, CreditsExpiring, CreditsExpired, GpuIdle,
    ];
}
