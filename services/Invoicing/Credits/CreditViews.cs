using GpuBilling.Money;

namespace Invoicing.Credits;

/// <summary>
/// A tenant's credit as the API shows it at <paramref name="AsOf"/>: what is left, by kind, and
/// every grant. A grant whose expiry has passed shows nothing left even before the expiry sweep has
/// written it off: no draw can use it any more.
/// </summary>
public sealed record CreditBalanceView(
    string TenantId,
    string Currency,
    decimal Promotional,
    decimal Purchased,
    decimal Total,
    IReadOnlyList<CreditGrantView> Grants,
    DateTimeOffset AsOf,
    long Version)
{
    public static CreditBalanceView Of(CreditBalance balance, long version, DateTimeOffset asOf)
    {
        var grants = balance.Grants.Select(g => CreditGrantView.Of(g, asOf)).ToList();
        var promotional = grants.Where(g => g.Source != "purchase").Sum(g => g.Unused);
        var purchased = grants.Where(g => g.Source == "purchase").Sum(g => g.Unused);
        var zero = Money.Zero(balance.Currency).Amount;
        return new CreditBalanceView(balance.TenantId, balance.Currency.Code, zero + promotional, zero + purchased, zero + promotional + purchased,
            grants, asOf, version);
    }
}

/// <param name="Source">"purchase", "trial" or "goodwill".</param>
/// <param name="RefundOwed">What revoking it owes the tenant: what was revoked of a purchase; nothing for promotional credit.</param>
public sealed record CreditGrantView(
    string GrantId,
    string Source,
    decimal Amount,
    decimal Unused,
    decimal Drawn,
    decimal Revoked,
    decimal Expired,
    decimal RefundOwed,
    DateTimeOffset GrantedAt,
    DateTimeOffset? ExpiresAt,
    string Reason,
    string? Receipt)
{
    public static CreditGrantView Of(CreditGrant grant, DateTimeOffset asOf)
    {
        var zero = Money.Zero(grant.Amount.Currency);
        var unused = grant.InForceAt(asOf) ? grant.Unused : zero;
        var expired = grant.Expired + (grant.Unused - unused);
        return new CreditGrantView(grant.GrantId, SourceText(grant.Source), grant.Amount.Amount, unused.Amount, grant.Drawn.Amount,
            grant.Revoked.Amount, expired.Amount, grant.IsPromotional ? zero.Amount : grant.Revoked.Amount,
            grant.GrantedAt, grant.ExpiresAt, grant.Reason, grant.Receipt);
    }

    public static string SourceText(CreditSource source) => source.ToString().ToLowerInvariant();
}

/// <summary>
/// One event of a credit stream as the history lists it. <paramref name="Change"/> is what it did to
/// the balance (a grant adds; a draw, revocation or expiry takes away; credit given back at
/// settlement adds), and <paramref name="Grants"/> the grants it moved.
/// </summary>
/// <param name="Event">CreditGranted, CreditRevoked, CreditDrawn or CreditExpired.</param>
/// <param name="Covers">For a draw: the rating ("rating acme@2025-03-01T05:00Z v42") or the settlement ("settlement of US-2025-000042") it covers.</param>
/// <param name="Hash">The event's link in the stream's hash chain.</param>
public sealed record CreditHistoryEntry(
    long Version,
    string Event,
    DateTimeOffset OccurredAt,
    string CausedBy,
    decimal Change,
    IReadOnlyList<GrantChange> Grants,
    string? InvoiceId,
    string? Covers,
    string? Reason,
    decimal? RefundOwed,
    DateTimeOffset? ExpiredAt,
    string Hash)
{
    public static CreditHistoryEntry Of(long version, CreditEvent @event, Currency currency) => @event switch
    {
        CreditGranted g => Entry(version, g, g.Amount, [new(g.GrantId, g.Amount.Amount)]) with { Reason = g.Reason },
        CreditRevoked r => Entry(version, r, Negated(r.Amount), [new(r.GrantId, -r.Amount.Amount)]) with { Reason = r.Reason, RefundOwed = r.RefundOwed.Amount },
        CreditExpired x => Entry(version, x, Negated(x.Amount), [new(x.GrantId, -x.Amount.Amount)]) with { ExpiredAt = x.ExpiredAt },
        CreditDrawn d => Entry(version, d,
                Negated(d.Draws.Aggregate(Money.Zero(currency), (sum, x) => sum + x.Amount)),
                [.. d.Draws.Select(x => new GrantChange(x.GrantId, -x.Amount.Amount))])
            with { InvoiceId = d.InvoiceId, Covers = d.For.ToString() },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} is not a credit event."),
    };

    private static Money Negated(Money amount) => Money.Zero(amount.Currency) - amount;

    private static CreditHistoryEntry Entry(long version, CreditEvent @event, Money change, IReadOnlyList<GrantChange> grants) =>
        new(version, @event.GetType().Name, @event.OccurredAt, @event.CausedBy.ToString(), change.Amount, grants, null, null, null, null, null, @event.Hash);
}

/// <summary>What one event did to one grant: positive adds to what is left of it.</summary>
public sealed record GrantChange(string GrantId, decimal Change);

/// <summary>A page of a credit stream's history in version order; <see cref="Next"/> reads the one after it and is null on the last.</summary>
public sealed record CreditHistoryPage(IReadOnlyList<CreditHistoryEntry> Entries, string? Next);

/// <summary>
/// What the cloud owes in credit at <paramref name="At"/>: every grant's unused part, by currency
/// and kind. Purchased credit is money received for GPU time not yet delivered; promotional credit
/// is GPU time promised for nothing.
/// </summary>
public sealed record CreditLiabilityView(DateTimeOffset At, IReadOnlyList<CurrencyLiability> Currencies);

public sealed record CurrencyLiability(string Currency, decimal Purchased, decimal Promotional, decimal Total);
