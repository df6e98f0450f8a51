using System.Security.Claims;
using Invoicing.Audit;
using Metering.ServiceDefaults;

namespace Invoicing;

public static class Principals
{
    /// <summary>The operator behind a request, as events record who caused them.</summary>
    public static Actor AsOperator(this ClaimsPrincipal user) =>
        Actor.Operator(user.Id());

    /// <summary>A tenant key sees its own tenant only; operators and auditors see every tenant.</summary>
    public static bool MaySee(this ClaimsPrincipal user, string tenantId) =>
        !user.IsInRole(Roles.Tenant) || user.TenantId() == tenantId;
}
