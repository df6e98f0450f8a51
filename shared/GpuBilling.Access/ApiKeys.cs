using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GpuBilling.Access;

/// <summary>An API key as stored: only the SHA-256 of the key, so a database leak leaks no key.</summary>
public sealed record ApiKey(string Id, string PrincipalId, string Role, DateTimeOffset CreatedAt)
{
    public static ApiKey For(string key, string principalId, string role, DateTimeOffset createdAt) =>
        new(HashOf(key), principalId, role, createdAt);

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

public static class Roles
{
    public const string Tenant = "tenant";
    public const string Operator = "operator";
    public const string Auditor = "auditor";

    /// <summary>A partner's key manages the webhooks of the tenants that granted it (<see cref="AccessGrant"/>), nothing else.</summary>
    public const string Partner = "partner";

    /// <summary>
    /// A scheduler's key reads every tenant's standing (to stop a depleted or over-limit tenant's
    /// workloads), nothing else: no invoice, no usage, no credit history.
    /// </summary>
    public const string Scheduler = "scheduler";
}

/// <summary>`Access` settings: whom a service believes.</summary>
public sealed class AccessOptions
{
    /// <summary>
    /// Whether `X-Api-Key` is checked here. Only the gateway checks keys (its appsettings turn this
    /// on); a service behind it believes the gateway's signature alone, so reaching its port
    /// directly gets nothing. Tests that call one service on its own turn it on.
    /// </summary>
    public bool AcceptApiKeys { get; set; }

    /// <summary>The key the gateway signs the calls it forwards with (<see cref="GatewayCalls"/>); unset, gateway calls are refused.</summary>
    public string? GatewaySigningKey { get; set; }
}

public static class ApiKeyAccess
{
    /// <summary>
    /// Authentication of a call the gateway signed (<see cref="GatewayCalls"/>) and, where
    /// `Access:AcceptApiKeys` allows it, of `X-Api-Key` against the keys stored in this service's
    /// own Marten schema (register <see cref="ApiKey"/> as a document there), plus the keys seeded
    /// from configuration.
    /// </summary>
    public static WebApplicationBuilder AddApiKeyAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection("Access").Get<AccessOptions>() ?? new AccessOptions());
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddHostedService<SeedKeys>();
        builder.Services.AddApiKeyRateLimits(builder.Configuration);
        return builder;
    }

    /// <summary>How often a key or an address may call (<see cref="RateLimits"/>), who calls (<see cref="AddApiKeyAccess"/>), then whether the endpoint admits them.</summary>
    public static WebApplication UseApiKeyAccess(this WebApplication app)
    {
        app.UseRateLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}

public static class PrincipalClaims
{
    public const string PrincipalId = "principal_id";

    /// <summary>One claim per tenant in the caller's scope (<see cref="AccessScope"/>).</summary>
    public const string Tenant = "tenant";

    /// <summary>Who the key belongs to: an operator's or auditor's id, or the tenant a tenant key speaks for.</summary>
    public static string Id(this ClaimsPrincipal user) =>
        user.FindFirstValue(PrincipalId) ?? throw new InvalidOperationException("An authenticated principal always has an id.");
}

/// <summary>Authenticates a call the gateway signed or, where allowed, the `X-Api-Key` header against the stored hashes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IQuerySession session,
    AccessOptions access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    private readonly byte[]? _gatewayKey = GatewayCalls.KeyOf(access.GatewaySigningKey);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.TryGetValue(GatewayCalls.CallerHeader, out var caller))
            return FromGateway(caller.ToString(), Request.Headers[GatewayCalls.SignatureHeader].ToString());

        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.ToString() is not { Length: > 0 } key)
            return AuthenticateResult.NoResult();
        if (!access.AcceptApiKeys) return CallerRefused.ThroughGatewayOnly;

        var apiKey = await session.LoadAsync<ApiKey>(ApiKey.HashOf(key), Context.RequestAborted);
        if (apiKey is null) return CallerRefused.UnknownKey;
        return Success(apiKey.PrincipalId, apiKey.Role, await AccessScope.TenantsOfAsync(session, apiKey.PrincipalId, apiKey.Role, Context.RequestAborted));
    }

    private AuthenticateResult FromGateway(string caller, string signature)
    {
        if (_gatewayKey is null) return CallerRefused.NoGatewayCalls;
        if (signature.Length == 0) return CallerRefused.NoGatewaySignature;
        // Wall time, not the service's TimeProvider: that is the business clock, which `Clock:Offset` and tests move.
        var verified = GatewayCalls.Verify(_gatewayKey, caller, signature, Request.Method, Request.Path.Value + Request.QueryString.Value, DateTimeOffset.UtcNow);
        return verified is null
            ? CallerRefused.GatewaySignatureFails
            : Success(verified.PrincipalId, verified.Role, verified.Tenants);
    }

    /// <summary>
    /// The 401 says what is wrong: which header is missing, or that the key is unknown or revoked (one
    /// answer for both, and a key is all a caller sends, so a guesser learns nothing but "not a key"),
    /// as problem details with a `WWW-Authenticate` challenge naming the header.
    /// </summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var refused = (await HandleAuthenticateOnceSafeAsync()).Failure as CallerRefused ?? CallerRefused.NoKey;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = refused.Challenge;
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = refused.Message, Detail = refused.Detail },
        });
    }

    private static AuthenticateResult Success(string principalId, string role, IReadOnlyList<string> tenants)
    {
        var identity = new ClaimsIdentity(
            [new Claim(PrincipalClaims.PrincipalId, principalId), new Claim(ClaimTypes.Role, role), .. tenants.Select(t => new Claim(PrincipalClaims.Tenant, t))],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

/// <param name="Tenants">For an auditor or partner key: the tenants its principal is granted.</param>
public sealed record SeededKey(string Key, string PrincipalId, string Role, string[]? Tenants = null);

/// <summary>
/// Stores the keys listed under `Access:SeedKeys`, and their principals' grants, so `make up` has
/// its first operator and demo tenant, and a test its principals, before anyone can call the API.
/// </summary>
public sealed class SeedKeys(IDocumentStore store, IConfiguration configuration, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var keys = configuration.GetSection("Access:SeedKeys").Get<SeededKey[]>() ?? [];
        if (keys.Length == 0) return;

        await using var session = store.LightweightSession();
        var now = clock.GetUtcNow();
        foreach (var key in keys)
        {
            session.Store(ApiKey.For(key.Key, key.PrincipalId, key.Role, now));
            foreach (var tenant in key.Tenants ?? []) session.Store(AccessGrant.Of(tenant, key.Role, key.PrincipalId, "configuration", now));
        }
        await session.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
