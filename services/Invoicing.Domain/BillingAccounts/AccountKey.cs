using System.Diagnostics.CodeAnalysis;

namespace Invoicing.BillingAccounts;

/// <summary>
/// The key of a tenant's billing account stream: the tenant id itself, as stored. Typed so that an
/// account's key is never taken for an invoice's (<see cref="Invoices.InvoiceKey"/>, "acme@2025-03-01")
/// or a credit stream's (<see cref="Credits.CreditKey"/>, "acme:credits"): all are strings in one
/// event store, told apart by the separators a tenant id may not hold.
/// </summary>
public readonly record struct AccountKey(string TenantId)
{
    /// <summary>A key that names an account: not empty, and none of the separators other kinds of key use.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out AccountKey key)
    {
        key = default;
        if (string.IsNullOrEmpty(text) || text.IndexOfAny(['@', ':']) >= 0) return false;
        key = new AccountKey(text);
        return true;
    }

    public override string ToString() => TenantId;
}
