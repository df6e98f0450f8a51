using System.Diagnostics.CodeAnalysis;
using Invoicing.BillingAccounts;

namespace Invoicing.Credits;

/// <summary>
/// The key of a tenant's credit stream, stored as "acme:credits". It shares the event store with
/// the tenant's account ("acme") and invoices ("acme@2025-03-01"); a tenant id holds neither ':'
/// nor '@' (<see cref="BillingAccountValidator"/>), so the three kinds of key can never be taken
/// for one another, whichever is parsed first.
/// </summary>
public readonly record struct CreditKey(string TenantId)
{
    private const string Suffix = ":credits";

    public static bool TryParse([NotNullWhen(true)] string? text, out CreditKey key)
    {
        key = default;
        if (text is null || !text.EndsWith(Suffix, StringComparison.Ordinal)) return false;
        var tenant = text[..^Suffix.Length];
        if (!AccountKey.TryParse(tenant, out _)) return false;
        key = new CreditKey(tenant);
        return true;
    }

    public override string ToString() => $"{TenantId}{Suffix}";
}
