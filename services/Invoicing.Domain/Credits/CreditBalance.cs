using System.Text.Json.Serialization;
using GpuBilling.Money;

namespace Invoicing.Credits;

/// <summary>
/// What the credit decisions need to know about one tenant's credit stream, built by
/// <see cref="Evolve"/>: every grant with what is left of it, and what each invoice has drawn.
/// <see cref="LastHash"/> is the hash the next event chains to.
/// </summary>
/// <param name="Id">The stream's key (<see cref="CreditKey"/>), so the snapshot is stored under it.</param>
public sealed record CreditBalance(
    string Id,
    string TenantId,
    Currency Currency,
    IReadOnlyList<CreditGrant> Grants,
    IReadOnlyList<InvoiceCredits> Invoices,
    string LastHash)
{
    /// <summary>The earliest expiry of a grant with something left: when the next write-off is due (stored, so it can be queried).</summary>
    public DateTimeOffset? NextExpiry { get; init; }

    public static CreditBalance Evolve(CreditBalance? state, CreditEvent @event)
    {
        if (state is null)
        {
            return @event is CreditGranted first
                ? Evolve(new CreditBalance(new CreditKey(first.TenantId).ToString(), first.TenantId, first.Amount.Currency, [], [], ""), first)
                : throw new InvalidOperationException($"A credit stream starts with {nameof(CreditGranted)}, not {@event.GetType().Name}.");
        }

        var next = @event switch
        {
            CreditGranted granted => state with { Grants = [.. state.Grants, CreditGrant.Of(granted)] },
            CreditRevoked revoked => state.Changing(revoked.GrantId, g => g with { Revoked = g.Revoked + revoked.Amount }),
            CreditExpired expired => state.Changing(expired.GrantId, g => g with { Expired = g.Expired + expired.Amount }),
            CreditDrawn drawn => state.Drawing(drawn),
            _ => throw new InvalidOperationException($"{@event.GetType().Name} is not a credit event this state knows."),
        };
        return next with
        {
            LastHash = @event.Hash,
            NextExpiry = next.Grants.Where(g => g.ExpiresAt is not null && g.Unused.Amount > 0).Min(g => g.ExpiresAt),
        };
    }

    public static CreditBalance? Replay(IEnumerable<CreditEvent> events) =>
        events.Aggregate((CreditBalance?)null, (state, @event) => Evolve(state, @event));

    public CreditGrant? Grant(string grantId) => Grants.FirstOrDefault(g => g.GrantId == grantId);

    public InvoiceCredits? For(string invoiceId) => Invoices.FirstOrDefault(i => i.InvoiceId == invoiceId);

    /// <summary>
    /// What an invoice drew, per kind and grant, as its settlement lines name it; null when it drew
    /// nothing, so an invoice of a tenant whose credits it never used reads exactly as before credits existed.
    /// </summary>
    public CreditSettlement? SettlementOf(string invoiceId)
    {
        if (For(invoiceId) is not { } invoice || invoice.Drawn.All(d => d.Amount.Amount == 0)) return null;
        List<GrantDraw> Of(bool promotional) =>
        [
            .. ConsumptionOrder.Of(Grants.Where(g => g.IsPromotional == promotional))
                .Select(g => invoice.Drawn.FirstOrDefault(d => d.GrantId == g.GrantId))
                .OfType<GrantDraw>()
                .Where(d => d.Amount.Amount != 0),
        ];
        return new CreditSettlement(Of(promotional: true), Of(promotional: false));
    }

    private CreditBalance Changing(string grantId, Func<CreditGrant, CreditGrant> change) =>
        this with { Grants = [.. Grants.Select(g => g.GrantId == grantId ? change(g) : g)] };

    private CreditBalance Drawing(CreditDrawn drawn)
    {
        var state = this;
        foreach (var draw in drawn.Draws)
            state = state.Changing(draw.GrantId, g => g with { Drawn = g.Drawn + draw.Amount });

        var before = For(drawn.InvoiceId) ?? new InvoiceCredits(drawn.InvoiceId, 0, null, []);
        var totals = before.Drawn.ToDictionary(d => d.GrantId, d => d.Amount);
        foreach (var draw in drawn.Draws)
            totals[draw.GrantId] = totals.TryGetValue(draw.GrantId, out var sum) ? sum + draw.Amount : draw.Amount;
        var after = before with
        {
            TotalsVersion = Math.Max(before.TotalsVersion, drawn.For.TotalsVersion ?? 0),
            SettledAs = drawn.For.InvoiceNumber ?? before.SettledAs,
            Drawn = [.. totals.Select(t => new GrantDraw(t.Key, t.Value)).OrderBy(d => d.GrantId, StringComparer.Ordinal)],
        };
        return state with { Invoices = [.. state.Invoices.Where(i => i.InvoiceId != drawn.InvoiceId), after] };
    }
}

/// <summary>One grant and what has become of it.</summary>
public sealed record CreditGrant(
    string GrantId,
    CreditSource Source,
    Money Amount,
    DateTimeOffset GrantedAt,
    DateTimeOffset? ExpiresAt,
    string Reason,
    string? Receipt,
    Money Drawn,
    Money Revoked,
    Money Expired)
{
    public static CreditGrant Of(CreditGranted granted)
    {
        var zero = Money.Zero(granted.Amount.Currency);
        return new CreditGrant(granted.GrantId, granted.Source, granted.Amount, granted.OccurredAt, granted.ExpiresAt,
            granted.Reason, granted.Receipt, zero, zero, zero);
    }

    [JsonIgnore]
    public bool IsPromotional => Source != CreditSource.Purchase;

    [JsonIgnore]
    public Money Unused => Amount - Drawn - Revoked - Expired;

    /// <summary>Whether it may still be drawn at <paramref name="instant"/>: its expiry is the first instant it may not.</summary>
    public bool InForceAt(DateTimeOffset instant) => ExpiresAt is not { } expiry || instant < expiry;
}

/// <summary>What one invoice has drawn, per grant, the newest rating it drew for, and its number once settled.</summary>
public sealed record InvoiceCredits(string InvoiceId, long TotalsVersion, string? SettledAs, IReadOnlyList<GrantDraw> Drawn);

/// <summary>
/// The order grants are consumed in: promotional before purchased (a trial is used up before
/// anything the tenant paid for), then the earliest expiry first (never-expiring last, so nothing
/// expires that could have been used), then the earliest grant.
/// </summary>
public static class ConsumptionOrder
{
    public static IEnumerable<CreditGrant> Of(IEnumerable<CreditGrant> grants) =>
        grants.Select((grant, index) => (grant, index))
            .OrderBy(g => g.grant.IsPromotional ? 0 : 1)
            .ThenBy(g => g.grant.ExpiresAt ?? DateTimeOffset.MaxValue)
            .ThenBy(g => g.index)
            .Select(g => g.grant);
}
