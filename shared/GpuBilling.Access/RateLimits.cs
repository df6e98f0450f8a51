using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GpuBilling.Access;

/// <summary>`RateLimiting` settings: how many requests one API key may make.</summary>
public sealed class RateLimitOptions
{
    /// <summary>The sustained rate: one request's permit comes back every minute divided by this.</summary>
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>How many requests a key may make at once after being idle.</summary>
    public int Burst { get; set; } = 60;
}

/// <summary>
/// A token bucket per API key, so one tenant's script cannot starve everyone else's requests (nor
/// the database behind them). Keyed by the key's hash, before authentication, so even unknown keys
/// are limited before they cost a lookup. Requests without a key (health checks, and callers who
/// get 401 at once) are not limited. Over the limit: 429 problem details with `Retry-After`.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddApiKeyRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("RateLimiting").Get<RateLimitOptions>() ?? new RateLimitOptions();
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limits.Burst),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / Math.Max(1, limits.PermitsPerMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        return services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Headers.TryGetValue(ApiKeyAuthenticationHandler.HeaderName, out var key) && key.ToString() is { Length: > 0 } text
                    ? RateLimitPartition.GetTokenBucketLimiter(ApiKey.HashOf(text), _ => bucket)
                    : RateLimitPartition.GetNoLimiter(""));
            options.OnRejected = RejectAsync;
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = rejected.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests for this API key.",
                Detail = $"Try again in {seconds} s.",
            },
        });
    }
}
