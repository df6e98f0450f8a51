using GpuBilling.Decisions;
using GpuBilling.Money;
using Invoicing.Audit;

namespace Invoicing.Credits;

/// <summary>Take back what is unused of grant <paramref name="GrantId"/>, as of <paramref name="Now"/>.</summary>
public sealed record RevokeCredit(string TenantId, string GrantId, string Reason, DateTimeOffset Now, Actor By);

public static partial class CreditDecision
{
    /// <summary>
    /// Only the unused part is revoked: what was drawn paid for usage already billed. Revoking
    /// purchased credit owes the tenant that money back; promotional credit owes nothing. An
    /// expired grant has nothing left to revoke (its rest was written off at its expiry).
    /// </summary>
    public static IReadOnlyList<CreditEvent> Decide(RevokeCredit command, CreditBalance? state)
    {
        RequireOperator(command.By, $"revoke credit of '{command.TenantId}'");
        var grant = state?.Grant(command.GrantId) ?? throw CommandRefused.NotFound($"Tenant '{command.TenantId}' has no credit grant {command.GrantId}.");
        if (string.IsNullOrWhiteSpace(command.Reason))
            throw CommandRefused.Invalid($"Grant {grant.GrantId} of '{command.TenantId}' cannot be revoked", [new FieldProblem("Reason", "is required: every revocation says why")]);
        if (command.Reason.Length > MaxTextLength)
            throw CommandRefused.Invalid($"Grant {grant.GrantId} of '{command.TenantId}' cannot be revoked", [new FieldProblem("Reason", $"must be at most {MaxTextLength} characters")]);
        if (!grant.InForceAt(command.Now))
            throw CommandRefused.Conflict($"Grant {grant.GrantId} of '{command.TenantId}' expired at {Text(grant.ExpiresAt!.Value)}; what was left of it is written off, not revoked.");
        if (grant.Unused.Amount <= 0)
            throw CommandRefused.Conflict($"Grant {grant.GrantId} of '{command.TenantId}' has nothing unused to revoke: all {Text(grant.Amount)} of it was drawn or revoked.");

        var unused = grant.Unused;
        var refund = grant.IsPromotional ? Money.Zero(unused.Currency) : unused;
        return Chained(state, [new CreditRevoked(command.TenantId, grant.GrantId, unused, refund, command.Reason, command.Now, command.By)]);
    }
}
