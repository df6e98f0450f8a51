using System.Buffers.Text;
using System.Security.Cryptography;
using GpuBilling.Access;

namespace Gateway.Portal;

/// <summary>
/// A tenant signed in to the portal, as the gateway stores it: the SHA-256 of the cookie's token (so a
/// database leak signs nobody in), the key it was exchanged for (by that key's id, itself a hash), and
/// when it ends. The key itself is never stored, here or in the browser.
/// </summary>
public sealed record PortalSession(string Id, string KeyId, string PrincipalId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>A new session's token, for the cookie only: 256 random bits.</summary>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string IdOf(string token) => ApiKey.HashOf(token);
}

/// <summary>`Portal` settings.</summary>
public sealed class PortalOptions
{
    /// <summary>How long a sign-in lasts, whatever the tenant does meanwhile: the cookie's Max-Age and the stored session's end.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Marks the cookie `Secure` even where the gateway itself sees plain HTTP: behind a proxy that
    /// ends TLS (the gateway does not read `X-Forwarded-Proto`). Unset, the cookie is `Secure` where
    /// the gateway serves HTTPS itself.
    /// </summary>
    public bool SecureCookie { get; set; }
}
