using System.Globalization;
using GpuBilling.Decisions;
using GpuBilling.HashChains;
using GpuBilling.Money;
using Invoicing.Audit;

namespace Invoicing.Credits;

/// <summary>
/// What every credit decision shares. The decisions are pure <c>Decide(command, state)</c> functions
/// (granting, revoking, drawing, expiring); each returns its events already chained to the stream's
/// last hash; a refusal is a <see cref="CommandRefused"/>.
/// </summary>
public static partial class CreditDecision
{
    private static IReadOnlyList<CreditEvent> Chained(CreditBalance? state, IEnumerable<CreditEvent> events) =>
        HashChain.Seal(state?.LastHash ?? HashChain.Genesis, events);

    private static CreditBalance Applied(CreditBalance? state, IEnumerable<CreditEvent> events) =>
        events.Aggregate(state, (s, e) => CreditBalance.Evolve(s, e))!;

    private static void RequireOperator(Actor by, string what)
    {
        if (by.Kind != ActorKind.Operator)
            throw CommandRefused.Forbidden($"Only an operator may {what}; {by} is a {by.Kind.ToString().ToLowerInvariant()}.");
    }

    /// <summary>
    /// The write-off of every grant whose expiry has come by <paramref name="now"/>, earliest first,
    /// each dated at its own expiry instant. Every decision that draws runs this first, so no draw
    /// decided at or after an expiry uses the grant, whether or not the expiry sweep came by yet.
    /// </summary>
    private static List<CreditEvent> Expiries(CreditBalance state, DateTimeOffset now, Actor by) =>
    [
        .. state.Grants
            .Where(g => !g.InForceAt(now) && g.Unused.Amount > 0)
            .OrderBy(g => g.ExpiresAt)
            .Select(g => new CreditExpired(state.TenantId, g.GrantId, g.Unused, g.ExpiresAt!.Value, now, by)),
    ];

    private static string Text(Money money) => money.ToString();

    private static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
