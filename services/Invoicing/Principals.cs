using System.Security.Claims;
using GpuBilling.Access;
using Invoicing.Audit;

namespace Invoicing;

public static class Principals
{
    /// <summary>The operator behind a request, as events record who caused them.</summary>
    public static Actor AsOperator(this ClaimsPrincipal user) =>
        Actor.Operator(user.Id());
}
