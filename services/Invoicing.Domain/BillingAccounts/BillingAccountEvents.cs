using GpuBilling.HashChains;
using Invoicing.Audit;

namespace Invoicing.BillingAccounts;

/// <summary>An event of a tenant's billing account stream (stream id: the tenant id).</summary>
public abstract record BillingAccountEvent(string TenantId, DateTimeOffset OccurredAt, Actor CausedBy) : ChainedEvent;

/// <summary>A tenant became billable on these terms.</summary>
public sealed record BillingAccountOpened(string TenantId, BillingAccount Account, DateTimeOffset OccurredAt, Actor CausedBy)
    : BillingAccountEvent(TenantId, OccurredAt, CausedBy);

/// <summary>
/// The tenant's terms or legal details changed. Invoices already issued keep the details they
/// were issued with; the next finalization uses these.
/// </summary>
public sealed record BillingAccountChanged(string TenantId, BillingAccount Account, DateTimeOffset OccurredAt, Actor CausedBy)
    : BillingAccountEvent(TenantId, OccurredAt, CausedBy);
