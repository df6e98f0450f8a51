namespace Fleet.Revenue;

/// <summary>The parts a period's revenue is made of; words, as they read in the API.</summary>
public static class RevenueParts
{
    /// <summary>Metered charges (GPU time, energy), spread over the GPUs that earned them.</summary>
    public const string Usage = "usage";

    /// <summary>Flat fees and reserved GPUs: charged for the period, earned by no GPU in particular.</summary>
    public const string Fixed = "fixed";

    /// <summary>Commitment discounts (negative) and shortfalls: the period's as a whole.</summary>
    public const string Commitment = "commitment";

    /// <summary>Credit notes against the period's invoice, before tax (negative).</summary>
    public const string CreditNote = "credit-note";

    /// <summary>Promotional credit the period's invoice took off before tax (negative): a discount, not money received.</summary>
    public const string PromotionalCredit = "promotional-credit";

    public static string OfChargeKind(string kind) => kind switch
    {
        "usage" => Usage,
        "commitment-discount" or "commitment-shortfall" => Commitment,
        _ => Fixed,
    };
}

/// <summary>
/// A share of one tenant's revenue in one currency, exact and unrounded. Usage shares name the node
/// (with its site and supplier then) and GPU model that earned them; the other parts, and usage the
/// fleet holds no ledger time for, name none.
/// </summary>
public sealed record RevenueLine(
    string TenantId, string Currency, string Part, string? NodeId, string? Site, string? SupplierId, string? Model, string? MigProfile, decimal Amount);
