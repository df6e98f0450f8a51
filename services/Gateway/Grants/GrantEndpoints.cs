using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Marten;

namespace Gateway.Grants;

/// <summary>A grant as listed on its tenant.</summary>
public sealed record GrantView(string TenantId, string Role, string PrincipalId, string GrantedBy, DateTimeOffset GrantedAt)
{
    public static GrantView Of(AccessGrant grant) => new(grant.TenantId, grant.Role, grant.PrincipalId, grant.GrantedBy, grant.GrantedAt);
}

/// <summary>Who is calling and which tenants the key reaches: how a partner learns which tenants granted it.</summary>
public sealed record CallerView(string PrincipalId, string Role, IReadOnlyList<string>? Tenants);

/// <summary>
/// A tenant grants an auditor or a partner its billing, and revokes it, here; an operator does so
/// for any tenant, and alone grants every tenant at once (tenant id "*"). The gateway finds a key's
/// grants on every call, so a revoked grant stops the next call, and the services behind it only
/// believe the tenants the gateway signed.
/// </summary>
public static class GrantEndpoints
{
    public static void MapGrants(this IEndpointRouteBuilder app)
    {
        var grants = app.MapGroup("/v1/tenants/{tenantId}/grants").WithTag("Grants", "A tenant's grants to auditors and partners: which principals may read or manage what of the tenant's.").RequireRoles(Roles.Tenant, Roles.Operator)
            .Identifies("tenantId", Ids.GrantedTenant);
        grants.MapGet("", ListAsync)
            .WithName("ListGrants")
            .WithSummary("The auditors and partners the tenant has granted its billing to.")
            .Produces<List<GrantView>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        grants.MapPut("/{role}/{principalId}", GrantAsync)
            .WithName("Grant")
            .WithSummary("Grants an auditor (read its billing history) or a partner (manage its webhooks) the tenant; granting again changes nothing.")
            .Produces<GrantView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Allows("role", AccessGrant.GrantedRoles);
        grants.MapDelete("/{role}/{principalId}", RevokeAsync)
            .WithName("RevokeGrant")
            .WithSummary("Revokes a grant: the principal's next call no longer reaches the tenant.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Allows("role", AccessGrant.GrantedRoles);

        app.MapGet("/v1/me", Me)
            .RequireRoles(Roles.Tenant, Roles.Partner, Roles.Auditor, Roles.Operator)
            .WithName("WhoAmI")
            .WithTags("Grants")
            .WithSummary("The caller's principal, role and the tenants its key reaches (none listed: an operator's, or a grant of every tenant, reaches all).")
            .Produces<CallerView>();
    }

    private static async Task<IResult> ListAsync(string tenantId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (!user.MaySee(tenantId)) return NoTenant(tenantId);
        var grants = await session.Query<AccessGrant>().Where(g => g.TenantId == tenantId)
            .OrderBy(g => g.Role).ThenBy(g => g.PrincipalId).ToListAsync(cancellationToken);
        return Results.Ok(grants.Select(GrantView.Of));
    }

    private static async Task<IResult> GrantAsync(
        string tenantId, string role, string principalId, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!user.MaySee(tenantId) || (tenantId == AccessGrant.AllTenants && !user.IsInRole(Roles.Operator))) return NoTenant(tenantId);
        // The tenant and the principal are held to their id rules before this runs (IdParameters).
        if (!AccessGrant.GrantedRoles.Contains(role))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [$"must be one of: {string.Join(", ", AccessGrant.GrantedRoles)}."] });

        if (await session.LoadAsync<AccessGrant>(AccessGrant.IdOf(tenantId, role, principalId), cancellationToken) is { } existing)
            return Results.Ok(GrantView.Of(existing));
        var grant = AccessGrant.Of(tenantId, role, principalId, user.Id(), clock.GetUtcNow());
        session.Insert(grant);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Ok(GrantView.Of(grant));
    }

    private static async Task<IResult> RevokeAsync(
        string tenantId, string role, string principalId, ClaimsPrincipal user, IDocumentSession session, CancellationToken cancellationToken)
    {
        var id = AccessGrant.IdOf(tenantId, role, principalId);
        if (!user.MaySee(tenantId) || await session.LoadAsync<AccessGrant>(id, cancellationToken) is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Tenant '{tenantId}' has not granted {role} '{principalId}'.");
        session.Delete<AccessGrant>(id);
        await session.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }

    private static CallerView Me(ClaimsPrincipal user) =>
        new(user.Id(), user.FindFirstValue(ClaimTypes.Role)!, user.TenantFilter());

    private static IResult NoTenant(string tenantId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no tenant '{tenantId}'.");
}
