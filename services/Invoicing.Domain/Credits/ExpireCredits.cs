using Invoicing.Audit;

namespace Invoicing.Credits;

/// <summary>Write off what is unused of every grant whose expiry has come by <paramref name="Now"/>.</summary>
public sealed record ExpireCredits(string TenantId, DateTimeOffset Now, Actor By);

public static partial class CreditDecision
{
    /// <summary>Nothing expires silently: each write-off is an event, dated at the grant's own expiry instant.</summary>
    public static IReadOnlyList<CreditEvent> Decide(ExpireCredits command, CreditBalance? state) =>
        state is null ? [] : Chained(state, Expiries(state, command.Now, command.By));
}
