namespace Invoicing.BillingAccounts;

/// <summary>
/// The key of a tenant's billing account stream: the tenant id itself, as stored. Typed so that an
/// account's key is never taken for an invoice's (<see cref="Invoices.InvoiceKey"/>): both are
/// strings in one event store.
/// </summary>
public readonly record struct AccountKey(string TenantId)
{
    public override string ToString() => TenantId;
}
