using System.Security.Claims;
using System.Text.Encodings.Web;
using GpuBilling.Access;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gateway.Portal;

/// <summary>
/// Authenticates the portal's own calls by its session cookie, as the key the session was exchanged
/// for: the same principal, role and tenants, so the services behind see exactly what that key's
/// calls would show them. The key is looked up again on every call, so revoking it ends its
/// sessions at once, as it stops the key's own calls.
/// </summary>
public sealed class PortalSessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IQuerySession session,
    PortalSessionKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PortalSession";

    public const string CookieName = PortalCookie.Name;

    /// <summary>An API key where one is sent, else the portal's cookie where one is sent, else the key's challenge (which names the header).</summary>
    public const string KeyOrSession = "ApiKeyOrPortalSession";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(CookieName, out var token) || string.IsNullOrEmpty(token)) return AuthenticateResult.NoResult();

        var stored = await session.LoadAsync<PortalSession>(PortalSession.IdOf(token), Context.RequestAborted);
        // Wall time, not the business clock that `Clock:Offset` moves.
        if (stored is null || stored.ExpiresAt <= DateTimeOffset.UtcNow) return AuthenticateResult.Fail("The portal session has ended.");
        var key = await session.LoadAsync<ApiKey>(stored.KeyId, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("The key the portal session was opened with has been revoked.");
        keys.Authenticated(Context, stored);

        var tenants = await AccessScope.TenantsOfAsync(session, key.PrincipalId, key.Role, Context.RequestAborted);
        var identity = new ClaimsIdentity(
            [new Claim(PrincipalClaims.PrincipalId, key.PrincipalId), new Claim(ClaimTypes.Role, key.Role), .. tenants.Select(t => new Claim(PrincipalClaims.Tenant, t))],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "The portal session has ended.", Detail = "Sign in to the portal again." },
        });
    }

    public static string SchemeFor(HttpContext context) =>
        context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) || context.Request.Headers.ContainsKey(GatewayCalls.CallerHeader)
            || !context.Request.Cookies.ContainsKey(CookieName)
            ? ApiKeyAuthenticationHandler.SchemeName
            : SchemeName;
}
