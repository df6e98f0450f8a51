using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GpuBilling.Access;

/// <summary>Who the gateway says is calling, the tenants it reaches (<see cref="AccessScope"/>), and when it said so.</summary>
public sealed record GatewayCaller(string PrincipalId, string Role, IReadOnlyList<string> Tenants, DateTimeOffset IssuedAt);

/// <summary>
/// How the gateway vouches for a call it forwards: it authenticated the caller's API key, so it
/// names the caller in <see cref="CallerHeader"/> and signs that, the method and the path and query
/// with the key it shares with the services (HMAC-SHA256) in <see cref="SignatureHeader"/>. A
/// service believes a caller only with a signature it can check, made for this very request and
/// less than <see cref="MaxAge"/> ago, so a captured pair cannot be replayed against another path
/// or much later, and a port reached directly gives nothing without the key.
/// </summary>
public static class GatewayCalls
{
    public const string CallerHeader = "X-Gateway-Caller";
    public const string SignatureHeader = "X-Gateway-Signature";

    /// <summary>Room for clocks a little apart and a request queued a little; a replay later than this is refused.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>The two header values for a call of <paramref name="caller"/> to <paramref name="method"/> <paramref name="pathAndQuery"/>.</summary>
    public static (string Caller, string Signature) Sign(byte[] key, GatewayCaller caller, string method, string pathAndQuery)
    {
        // One field a line, the scope's tenants last: no id may hold a line break (every id's validation refuses one).
        var text = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n',
            [caller.PrincipalId, caller.Role, caller.IssuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), .. caller.Tenants])));
        return (text, SignatureOf(key, text, method, pathAndQuery));
    }

    /// <summary>The caller the headers name, or null when the signature does not hold for this request, now.</summary>
    public static GatewayCaller? Verify(byte[] key, string caller, string signature, string method, string pathAndQuery, DateTimeOffset now)
    {
        var expected = Encoding.ASCII.GetBytes(SignatureOf(key, caller, method, pathAndQuery));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature))) return null;
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(caller)).Split('\n');
        }
        catch (FormatException)
        {
            return null;
        }
        if (parts.Length < 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return null;
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return (now - issuedAt).Duration() <= MaxAge ? new GatewayCaller(parts[0], parts[1], parts[3..], issuedAt) : null;
    }

    /// <summary>The shared key as configured (`Access:GatewaySigningKey`, at least 32 characters); null where none is.</summary>
    public static byte[]? KeyOf(string? configured) =>
        string.IsNullOrEmpty(configured) ? null
        : configured.Length >= 32 ? Encoding.UTF8.GetBytes(configured)
        : throw new InvalidOperationException("Access:GatewaySigningKey must be at least 32 characters.");

    private static string SignatureOf(byte[] key, string caller, string method, string pathAndQuery) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Join('\n', caller, method.ToUpperInvariant(), pathAndQuery))));
}
