using System.Diagnostics.CodeAnalysis;
using Invoicing.BillingAccounts;

namespace Invoicing.Standing;

/// <summary>
/// The key of a tenant's standing stream, stored as "acme:standing". Like the credit stream's
/// ("acme:credits") it can never be taken for an account's or an invoice's key: a tenant id holds
/// neither ':' nor '@' (<see cref="BillingAccountValidator"/>).
/// </summary>
public readonly record struct StandingKey(string TenantId)
{
    private const string Suffix = ":standing";

    public static bool TryParse([NotNullWhen(true)] string? text, out StandingKey key)
    {
        key = default;
        if (text is null || !text.EndsWith(Suffix, StringComparison.Ordinal)) return false;
        var tenant = text[..^Suffix.Length];
        if (!AccountKey.TryParse(tenant, out _)) return false;
        key = new StandingKey(tenant);
        return true;
    }

    public override string ToString() => $"{TenantId}{Suffix}";
}
