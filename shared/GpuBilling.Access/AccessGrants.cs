using System.Security.Claims;
using Marten;

namespace GpuBilling.Access;

/// <summary>
/// A tenant's leave for an auditor or a partner to act on its billing: the auditor reads its
/// history, the partner manages its webhooks. A key of those roles reaches exactly the tenants
/// its principal is granted, found afresh on every call, so revoking a grant takes effect at once.
/// </summary>
public sealed record AccessGrant(string Id, string TenantId, string Role, string PrincipalId, string GrantedBy, DateTimeOffset GrantedAt)
{
    /// <summary>
    /// The tenant id of a grant of every tenant, which only an operator gives: the cloud's own
    /// auditors, and the ledger's node streams, which hold every tenant's seconds at once.
    /// </summary>
    public const string AllTenants = "*";

    /// <summary>The roles a tenant may be granted to; tenants reach themselves and operators everything without one.</summary>
    public static readonly IReadOnlyList<string> GrantedRoles = [Roles.Auditor, Roles.Partner];

    public static AccessGrant Of(string tenantId, string role, string principalId, string grantedBy, DateTimeOffset grantedAt) =>
        new(IdOf(tenantId, role, principalId), tenantId, role, principalId, grantedBy, grantedAt);

    /// <summary>One grant per tenant, role and principal: granting again changes nothing.</summary>
    public static string IdOf(string tenantId, string role, string principalId) => $"{tenantId}/{role}/{principalId}";
}

/// <summary>Which tenants a principal reaches, and the test every tenant-owned read and change makes.</summary>
public static class AccessScope
{
    /// <summary>
    /// The tenants a key of <paramref name="role"/> reaches: a tenant itself; an auditor or a partner
    /// what its principal is granted; an operator none by name, since it reaches every tenant.
    /// </summary>
    public static async Task<IReadOnlyList<string>> TenantsOfAsync(IQuerySession session, string principalId, string role, CancellationToken cancellationToken) =>
        role switch
        {
            Roles.Tenant => [principalId],
            Roles.Auditor or Roles.Partner => await session.Query<AccessGrant>()
                .Where(g => g.PrincipalId == principalId && g.Role == role)
                .OrderBy(g => g.TenantId)
                .Select(g => g.TenantId)
                .ToListAsync(cancellationToken),
            _ => [],
        };

    /// <summary>Whether the caller reaches <paramref name="tenantId"/>: an id outside it is answered as if it did not exist.</summary>
    public static bool MaySee(this ClaimsPrincipal user, string tenantId) =>
        user.IsInRole(Roles.Operator) || user.HasClaim(PrincipalClaims.Tenant, tenantId) || user.HasClaim(PrincipalClaims.Tenant, AccessGrant.AllTenants);

    /// <summary>
    /// The tenants a query of the caller's is confined to: null for an operator or a grant of every
    /// tenant (no filter), else exactly the tenants in its scope, possibly none.
    /// </summary>
    public static string[]? TenantFilter(this ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.Operator)) return null;
        var tenants = user.FindAll(PrincipalClaims.Tenant).Select(c => c.Value).ToArray();
        return tenants.Contains(AccessGrant.AllTenants) ? null : tenants;
    }

    /// <summary>
    /// The tenant a request is about: the one it names, else the only tenant the key reaches (a
    /// tenant key's own); null where it names none and the key reaches several, or every one.
    /// </summary>
    public static string? TenantAskedFor(this ClaimsPrincipal user, string? named) =>
        named ?? (user.TenantFilter() is [var only] ? only : null);

    /// <summary>Registers the key and grant documents in a service's schema, where its callers are looked up.</summary>
    public static StoreOptions RegisterAccessDocuments(this StoreOptions options)
    {
        options.Schema.For<ApiKey>().Index(k => k.PrincipalId);
        options.Schema.For<AccessGrant>().Index(g => g.PrincipalId).Index(g => g.TenantId);
        return options;
    }
}
