using GpuBilling.HashChains;
using GpuBilling.Money;
using Invoicing.Audit;

namespace Invoicing.Credits;

/// <summary>
/// An event of one tenant's credit stream (<see cref="CreditKey"/>). Each says when it happened and
/// who caused it, and is chained to the one before it, like every other stream of invoicing's.
/// </summary>
public abstract record CreditEvent(string TenantId, DateTimeOffset OccurredAt, Actor CausedBy) : ChainedEvent;

/// <summary>Where a grant came from: bought (a top-up), or given (promotional).</summary>
public enum CreditSource
{
    /// <summary>Paid for: it settles an invoice's total after tax, and revoking it owes a refund.</summary>
    Purchase,

    /// <summary>Promotional, so a tenant can try before an expensive run.</summary>
    Trial,

    /// <summary>Promotional, given to make up for something.</summary>
    Goodwill,
}

/// <summary>
/// Credit added to the tenant's balance, in the billing account's currency, at its minor unit.
/// <paramref name="GrantId"/> numbers grants in the order they were made ("G1", "G2", ...).
/// </summary>
/// <param name="Receipt">The payment a purchase was made with; none for promotional credit.</param>
/// <param name="ExpiresAt">What is unused at this instant is written off; none: it never expires.</param>
public sealed record CreditGranted(
    string TenantId,
    string GrantId,
    CreditSource Source,
    Money Amount,
    DateTimeOffset? ExpiresAt,
    string Reason,
    string? Receipt,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : CreditEvent(TenantId, OccurredAt, CausedBy);

/// <summary>
/// The unused part of a grant taken back; what was drawn stays drawn. Revoked purchased credit is
/// owed back to the tenant (<paramref name="RefundOwed"/>); revoked promotional credit owes nothing.
/// </summary>
public sealed record CreditRevoked(
    string TenantId,
    string GrantId,
    Money Amount,
    Money RefundOwed,
    string Reason,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : CreditEvent(TenantId, OccurredAt, CausedBy);

/// <summary>
/// Credit used for one invoice, grant by grant in the consumption order, for what <paramref name="For"/>
/// names. An amount is negative only at settlement, where an invoice's final figures came out
/// below what its period's ratings drew (a negative late-usage adjustment): that part goes back to
/// the grants it came from.
/// </summary>
public sealed record CreditDrawn(
    string TenantId,
    string InvoiceId,
    CreditUse For,
    IReadOnlyList<GrantDraw> Draws,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : CreditEvent(TenantId, OccurredAt, CausedBy);

/// <summary>
/// What is left of a grant at its expiry, written off. <paramref name="ExpiredAt"/> is the grant's
/// expiry instant, whenever the write-off was recorded (<see cref="CreditEvent.OccurredAt"/>): no
/// draw decided at or after that instant used it.
/// </summary>
public sealed record CreditExpired(
    string TenantId,
    string GrantId,
    Money Amount,
    DateTimeOffset ExpiredAt,
    DateTimeOffset OccurredAt,
    Actor CausedBy) : CreditEvent(TenantId, OccurredAt, CausedBy);

/// <summary>An amount of one grant, drawn (positive) or given back (negative).</summary>
public sealed record GrantDraw(string GrantId, Money Amount);

/// <summary>
/// What a draw covers: a rating of the period (pricing's accrual stream at its totals version),
/// or the invoice's settlement at finalization (its number), which also draws for commitment
/// shortfalls and late-usage adjustments, known only then.
/// </summary>
public sealed record CreditUse(string? AccrualStream = null, long? TotalsVersion = null, string? InvoiceNumber = null)
{
    public static CreditUse Rating(string accrualStream, long totalsVersion) => new(accrualStream, totalsVersion);

    public static CreditUse Settlement(string invoiceNumber) => new(InvoiceNumber: invoiceNumber);

    public override string ToString() => InvoiceNumber is { } number ? $"settlement of {number}" : $"rating {AccrualStream} v{TotalsVersion}";
}
