using GpuBilling.Access;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.FileProviders;

namespace Gateway.Portal;

/// <param name="Key">The tenant's API key, sent once in the body and never kept by the page.</param>
public sealed record SignInRequest(string? Key);

/// <summary>Who is signed in, and until when.</summary>
public sealed record PortalSessionView(string TenantId, DateTimeOffset ExpiresAt);

/// <summary>
/// The tenant portal: a page of static files the project's build bundles (Portal/App) and the
/// gateway serves at `/portal`, and the exchange of a tenant's key for a session cookie. The page's
/// calls go to the API's own routes on the same origin, authenticated by the cookie
/// (<see cref="PortalSessionAuthenticationHandler"/>), so nothing here answers data of its own.
/// </summary>
public static class PortalEndpoints
{
    public const string Path = "/portal";

    /// <summary>
    /// Scripts, styles, images and calls from this origin only, and no inline script or style:
    /// whatever a string from the API holds can run nothing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Where the build puts the bundled page beside the gateway's own files.</summary>
    public static string FilesFolder => System.IO.Path.Combine(AppContext.BaseDirectory, "portal");

    public static IHostApplicationBuilder AddPortal(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection("Portal").Get<PortalOptions>() ?? new PortalOptions());
        builder.Services.AddSingleton<PortalSessionKeys>();
        builder.Services.AddSingleton<ISessionKeys>(services => services.GetRequiredService<PortalSessionKeys>());
        builder.Services.AddAuthentication(options => options.DefaultScheme = PortalSessionAuthenticationHandler.KeyOrSession)
            .AddScheme<AuthenticationSchemeOptions, PortalSessionAuthenticationHandler>(PortalSessionAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(PortalSessionAuthenticationHandler.KeyOrSession, null,
                options => options.ForwardDefaultSelector = PortalSessionAuthenticationHandler.SchemeFor);
        return builder;
    }

    /// <summary>Before the API key check: the page's headers, then its files.</summary>
    public static WebApplication UsePortal(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Path))
            {
                // The page's address without its slash: its files are named relative to /portal/. Here
                // rather than as an endpoint, since a route matches the address with the slash too.
                if (context.Request.Path.Value == Path)
                {
                    context.Response.Redirect($"{Path}/");
                    return;
                }
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
            }
            await next(context);
        });
        if (Directory.Exists(FilesFolder))
        {
            var files = new PhysicalFileProvider(FilesFolder);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = Path });
        }
        else
        {
            app.Logger.LogWarning("The portal is not built ({Folder} is missing): /portal answers 404.", FilesFolder);
        }
        return app;
    }

    /// <summary>After authentication: a session's call spends its key's bucket where the limiter could not (<see cref="PortalSessionKeys"/>).</summary>
    public static WebApplication UsePortalSessionLimits(this WebApplication app) => PortalSessionKeys.SpendAfterAuthentication(app);

    public static void MapPortal(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup($"{Path}/session").ExcludeFromDescription().AllowAnonymous();
        session.MapPost("", SignInAsync);
        session.MapDelete("", SignOutAsync);
    }

    /// <summary>
    /// A tenant's key for a session cookie. Only a tenant's key: the portal shows one tenant's own
    /// account, and an operator's key in a cookie would be a far larger prize than the page needs.
    /// Signing in is a call made with the key, so it spends the key's bucket like any other.
    /// Expired sessions are swept here, where sessions are made, so the table stays the size of the
    /// sessions that can still be used.
    /// </summary>
    private static async Task<IResult> SignInAsync(
        SignInRequest? request, HttpContext http, IDocumentSession session, PortalOptions options, ApiKeyBuckets buckets, PortalSessionKeys keys,
        CancellationToken cancellationToken)
    {
        NoStore(http);
        if (string.IsNullOrEmpty(request?.Key))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["key"] = ["Your API key is required."] });
        var key = await session.LoadAsync<ApiKey>(ApiKey.HashOf(request.Key), cancellationToken);
        if (key is null)
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: CallerRefused.UnknownKey.Message, detail: "That key was never issued, or it has been revoked.");
        if (key.Role != Roles.Tenant)
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only a tenant's key signs in to the portal.");
        if (!buckets.TryTake(key.Id, out var retryAfter))
        {
            await RateLimits.RejectAsync(http, retryAfter, RateLimits.KeyOverLimit);
            return Results.Empty;
        }

        var now = DateTimeOffset.UtcNow;
        var token = PortalSession.NewToken();
        var stored = new PortalSession(PortalSession.IdOf(token), key.Id, key.PrincipalId, now, now + options.SessionLifetime);
        session.DeleteWhere<PortalSession>(s => s.ExpiresAt <= now);
        session.Insert(stored);
        await session.SaveChangesAsync(cancellationToken);
        keys.Remember(stored);
        http.Response.Cookies.Append(PortalSessionAuthenticationHandler.CookieName, token, CookieOptions(http, options, stored.ExpiresAt, options.SessionLifetime));
        return Results.Ok(new PortalSessionView(key.PrincipalId, stored.ExpiresAt));
    }

    /// <summary>Ends the session where it is kept, so a copy of the cookie is worth nothing afterwards, and tells the browser to drop it.</summary>
    private static async Task<IResult> SignOutAsync(
        HttpContext http, IDocumentSession session, PortalOptions options, PortalSessionKeys keys, CancellationToken cancellationToken)
    {
        NoStore(http);
        if (http.Request.Cookies.TryGetValue(PortalSessionAuthenticationHandler.CookieName, out var token) && !string.IsNullOrEmpty(token))
        {
            session.Delete<PortalSession>(PortalSession.IdOf(token));
            await session.SaveChangesAsync(cancellationToken);
            keys.Forget(PortalSession.IdOf(token));
        }
        http.Response.Cookies.Delete(PortalSessionAuthenticationHandler.CookieName, CookieOptions(http, options, DateTimeOffset.UnixEpoch, null));
        return Results.NoContent();
    }

    /// <summary>Secure where the browser reached the gateway over TLS, or where <see cref="PortalOptions.SecureCookie"/> says a proxy in front ends it.</summary>
    private static CookieOptions CookieOptions(HttpContext http, PortalOptions options, DateTimeOffset expires, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps || options.SecureCookie,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expires,
        MaxAge = maxAge,
        IsEssential = true,
    };

    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
