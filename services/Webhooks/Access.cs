using System.Security.Claims;
using GpuBilling.Access;

namespace Webhooks;

/// <summary>Who may manage which tenant's webhooks.</summary>
public static class Access
{
    public static readonly string[] ManagingRoles = [Roles.Tenant, Roles.Partner, Roles.Operator];

    /// <summary>Operators manage every tenant; a tenant's key its own; a partner's those that granted it.</summary>
    public static bool MayManage(this ClaimsPrincipal user, string tenantId) => user.MaySee(tenantId);

    public static IResult NotFound(string what) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No {what}.");
}
