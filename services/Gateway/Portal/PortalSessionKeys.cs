using GpuBilling.Access;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Portal;

/// <summary>
/// Which key each portal session was opened with, so a session's calls spend that key's rate-limit
/// bucket (<see cref="ApiKeyBuckets"/>) and signing in many times gives a key no more calls. Kept in
/// memory as sessions are opened or authenticated here, so the limiter, which runs before
/// authentication, names the bucket without a lookup and a flood stops before it costs one. A session
/// this process has not seen yet (opened at another instance, or before a restart) spends the bucket
/// once it is authenticated (<see cref="SpendAfterAuthentication"/>), and is remembered from then on.
/// </summary>
public sealed class PortalSessionKeys : ISessionKeys, IDisposable
{
    /// <summary>Bounds the memory a flood of sign-ins can take; an entry pushed out is looked up again by its next call.</summary>
    private const int MostSessions = 100_000;

    /// <summary>Set on a call whose bucket the limiter already spent, so it is not spent twice.</summary>
    private static readonly object Limited = new();

    /// <summary>The key of the session that authenticated a call, for <see cref="SpendAfterAuthentication"/>.</summary>
    private static readonly object AuthenticatedKey = new();

    private readonly MemoryCache _keys = new(new MemoryCacheOptions { SizeLimit = MostSessions });

    public string? KeyIdOf(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(PortalCookie.Name, out var token) || string.IsNullOrEmpty(token)
            || !_keys.TryGetValue(PortalSession.IdOf(token), out string? keyId))
            return null;
        context.Items[Limited] = keyId;
        return keyId;
    }

    public void Remember(PortalSession session) =>
        _keys.Set(session.Id, session.KeyId, new MemoryCacheEntryOptions { AbsoluteExpiration = session.ExpiresAt, Size = 1 });

    /// <summary>A session authenticated this call: remembered for the next, and its key named for this one.</summary>
    public void Authenticated(HttpContext context, PortalSession session)
    {
        Remember(session);
        context.Items[AuthenticatedKey] = session.KeyId;
    }

    public void Forget(string sessionId) => _keys.Remove(sessionId);

    /// <summary>
    /// After authentication: a session's call the limiter could not name a bucket for spends its key's
    /// now, or is refused with 429 as the limiter would have refused it.
    /// </summary>
    public static WebApplication SpendAfterAuthentication(WebApplication app)
    {
        var buckets = app.Services.GetRequiredService<ApiKeyBuckets>();
        app.Use(async (context, next) =>
        {
            if (context.Items[AuthenticatedKey] is string keyId && !context.Items.ContainsKey(Limited) && !buckets.TryTake(keyId, out var retryAfter))
            {
                await RateLimits.RejectAsync(context, retryAfter, RateLimits.KeyOverLimit);
                return;
            }
            await next(context);
        });
        return app;
    }

    public void Dispose() => _keys.Dispose();
}
