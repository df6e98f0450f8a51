using GpuBilling.Decisions;
using Metering.Contracts;

namespace Pricing.Accrual;

/// <summary>
/// A tenant's part of a ledger event that could not be accrued, kept with why, so no usage is
/// ever dropped: it waits here, visible to operators, until what stopped it is put right.
/// Usage of a tenant without terms is accrued by itself when the terms arrive.
/// </summary>
/// <param name="Id">The ledger event and the tenant (<see cref="IdOf"/>): a redelivery parks the same document again.</param>
/// <param name="Usage">The ledger event with only this tenant's usage: accrued as it stands once it can be.</param>
/// <param name="Reason">One of <see cref="UnbilledReasons"/>.</param>
/// <param name="Problems">What refused it, naming the field at fault.</param>
public sealed record UnbilledUsage(
    string Id,
    string TenantId,
    UsageRecorded Usage,
    string Reason,
    IReadOnlyList<FieldProblem> Problems,
    DateTimeOffset ParkedAt)
{
    public static string IdOf(Guid ledgerEventId, string tenantId) => $"{ledgerEventId}/{tenantId}";

    public static UnbilledUsage Of(UsageRecorded usage, string tenantId, string reason, IReadOnlyList<FieldProblem> problems, DateTimeOffset parkedAt) =>
        new(IdOf(usage.LedgerEventId, tenantId), tenantId, usage, reason, problems, parkedAt);
}

public static class UnbilledReasons
{
    /// <summary>No billing terms are known for the tenant yet, so its periods cannot be cut.</summary>
    public const string NoTerms = "no-terms";

    /// <summary>The accrual was refused: no rate card version in force, a price key the card lacks, ...</summary>
    public const string Refused = "refused";

    /// <summary>
    /// The period's rate card prices in another currency than the tenant's billing account, so no
    /// invoice could carry its charges; accrued once terms name a card in the account's currency
    /// (a period already priced by the other card keeps it, and its usage waits for an operator).
    /// </summary>
    public const string CurrencyMismatch = "currency-mismatch";

    /// <summary>The seconds text could not be read.</summary>
    public const string Unreadable = "unreadable";
}
