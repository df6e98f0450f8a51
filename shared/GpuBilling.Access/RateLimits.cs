using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GpuBilling.Access;

/// <summary>`RateLimiting` settings: how many requests one API key, or one address's callers who are not authenticated, may make.</summary>
public sealed class RateLimitOptions
{
    /// <summary>The sustained rate: one request's permit comes back every minute divided by this.</summary>
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>How many requests a key may make at once after being idle.</summary>
    public int Burst { get; set; } = 60;

    public TokenBucketRateLimiterOptions Bucket() => new()
    {
        TokenLimit = Math.Max(1, Burst),
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / Math.Max(1, PermitsPerMinute),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>The gateway's tenant portal session cookie (Gateway/Portal), which rate limits read before anything authenticates.</summary>
public static class PortalCookie
{
    /// <summary>Not `__Host-`: that prefix needs Secure, and `make up` serves plain HTTP on loopback.</summary>
    public const string Name = "portal_session";
}

/// <summary>
/// Which key's bucket a call that sends no `X-Api-Key` spends, where the host can tell without a
/// lookup: the gateway's portal sessions (Gateway/Portal) spend the bucket of the key each was opened
/// with. Null: none before authentication.
/// </summary>
public interface ISessionKeys
{
    string? KeyIdOf(HttpContext context);
}

/// <summary>
/// One token bucket per API key, by the key's id (<see cref="ApiKey.HashOf"/>): every call made with
/// the key spends it, whatever carried the key (its header, or a portal session opened with it).
/// </summary>
public sealed class ApiKeyBuckets(RateLimitOptions limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create<string, string>(keyId =>
        keyId.Length == 0 ? RateLimitPartition.GetNoLimiter(keyId) : RateLimitPartition.GetTokenBucketLimiter(keyId, _ => limits.Bucket()));

    /// <summary>The limiter for calls: each spends the bucket <paramref name="keyIdOf"/> names, or none for an empty id.</summary>
    public PartitionedRateLimiter<HttpContext> ForCalls(Func<HttpContext, string> keyIdOf) => _buckets.WithTranslatedKey(keyIdOf, leaveOpen: true);

    /// <summary>Takes one permit of the key's bucket; where none is left, how long until one comes back.</summary>
    public bool TryTake(string keyId, out TimeSpan retryAfter)
    {
        using var lease = _buckets.AttemptAcquire(keyId);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return lease.IsAcquired;
    }

    public void Dispose() => _buckets.Dispose();
}

/// <summary>
/// A token bucket per API key (<see cref="ApiKeyBuckets"/>), so one tenant's script cannot starve
/// everyone else's requests (nor the database behind them). Keyed by the key's hash, before
/// authentication, so a known key's flood stops before it costs a lookup; a call with no key spends
/// the bucket <see cref="ISessionKeys"/> names, where the host registers one. Callers who are not
/// authenticated (no key, an unknown or revoked key, a gateway signature that does not hold) also
/// spend a bucket of their client address (<see cref="UnauthenticatedCallers"/>), so a flood of
/// distinct unknown keys, each a lookup, is limited too. Over either limit: 429 problem details with
/// `Retry-After`. Health checks are never limited.
/// </summary>
public static class RateLimits
{
    public const string KeyOverLimit = "Too many requests for this API key.";

    public static IServiceCollection AddApiKeyRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("RateLimiting").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(new UnauthenticatedCallers(limits));
        services.AddSingleton(new ApiKeyBuckets(limits));
        services.AddClientAddresses(configuration);
        services.AddOptions<RateLimiterOptions>().Configure<ApiKeyBuckets, IServiceProvider>((options, buckets, provider) =>
        {
            var sessions = provider.GetService<ISessionKeys>();
            options.GlobalLimiter = buckets.ForCalls(context =>
                context.Request.Headers.TryGetValue(ApiKeyAuthenticationHandler.HeaderName, out var key) && key.ToString() is { Length: > 0 } text
                    ? ApiKey.HashOf(text)
                    : sessions?.KeyIdOf(context) ?? "");
        });
        return services.AddRateLimiter(options => options.OnRejected = (rejected, _) => RejectAsync(rejected.HttpContext,
            rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1), KeyOverLimit));
    }

    /// <summary>
    /// Where a caller is (<see cref="ClientAddresses"/>), how often its key may call, then whether an
    /// address that has spent its budget of unauthenticated calls may call again yet. Before
    /// authentication, so a refused call costs no lookup.
    /// </summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        app.UseClientAddresses();
        app.UseRateLimiter();
        var callers = app.Services.GetRequiredService<UnauthenticatedCallers>();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/health"))
            {
                await next(context);
                return;
            }
            var address = ClientAddresses.PartitionOf(context.Connection.RemoteIpAddress);
            if (!callers.MayTry(address))
            {
                await RejectAsync(context, callers.RetryAfter, "Too many unauthenticated requests from this address.");
                return;
            }
            await next(context);
            if (context.User.Identity?.IsAuthenticated != true && (context.Response.StatusCode == StatusCodes.Status401Unauthorized || CarriesCredentials(context.Request)))
                callers.Spend(address);
        });
        return app;
    }

    /// <summary>A key or a gateway caller that did not authenticate cost a lookup or a check even where the endpoint admits anyone.</summary>
    private static bool CarriesCredentials(HttpRequest request) =>
        request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) || request.Headers.ContainsKey(GatewayCalls.CallerHeader)
        || request.Cookies.ContainsKey(PortalCookie.Name);

    /// <summary>429 problem details with `Retry-After` in whole seconds.</summary>
    public static async ValueTask RejectAsync(HttpContext context, TimeSpan retryAfter, string title)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = title,
                Detail = $"Try again in {seconds} s.",
            },
        });
    }
}

/// <summary>
/// A token bucket per client address (<see cref="ClientAddresses.PartitionOf"/>), the size of a key's,
/// spent by every call from there that did not authenticate: the call that finds it empty is refused
/// before authentication, and so is every call from that address, a valid key's too (it cannot be
/// told from a guess without the lookup this saves), until a permit comes back.
/// Calls already in flight when the bucket empties are still answered, so concurrent guesses may
/// cost a few lookups more than the budget.
/// </summary>
public sealed class UnauthenticatedCallers(RateLimitOptions limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => limits.Bucket()));

    /// <summary>One permit's return, which is what a refused caller waits for.</summary>
    public TimeSpan RetryAfter { get; } = limits.Bucket().ReplenishmentPeriod;

    /// <summary>
    /// Whether the address has a permit left, without spending one. Read from the bucket's count: a
    /// lease of no permits, which is meant to ask this, answers yes once the partition has been idle
    /// a moment even with none left.
    /// </summary>
    public bool MayTry(string address) => _buckets.GetStatistics(address) is not { CurrentAvailablePermits: <= 0 };

    public void Spend(string address) => _buckets.AttemptAcquire(address).Dispose();

    public void Dispose() => _buckets.Dispose();
}
