using System.Security.Cryptography;
using System.Text;

namespace Webhooks.Signing;

/// <summary>
/// Standard Webhooks signing (https://www.standardwebhooks.com): an HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c> with the key a <c>whsec_</c> secret holds, sent as
/// <c>v1,&lt;base64&gt;</c>. While a secret is being rotated every secret in force signs, space-separated,
/// so a receiver that knows either one accepts the message.
/// </summary>
public static class StandardWebhookSignature
{
    public const string SecretPrefix = "whsec_";
    private const string Version = "v1,";

    /// <summary>24 random bytes, as the specification's examples use; a receiver stores the whole text.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    public static bool IsSecret(string? secret) => secret is not null && TryKeyOf(secret, out _);

    /// <summary>The <c>webhook-signature</c> header: one <c>v1,</c> signature per secret, in the order given.</summary>
    public static string Sign(IEnumerable<string> secrets, string messageId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(secret => Sign(secret, messageId, timestamp, body)));

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        if (!TryKeyOf(secret, out var key)) throw new ArgumentException($"A signing secret is base64 after '{SecretPrefix}'.", nameof(secret));
        return Version + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}")));
    }

    /// <summary>
    /// What a receiver does: the timestamp must be within <paramref name="tolerance"/> of now (a
    /// replayed capture is refused) and one of the header's signatures must be the secret's.
    /// </summary>
    public static bool Verify(string secret, string messageId, string timestampHeader, string signatureHeader, string body,
        DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, out var timestamp)) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds) return false;

        var expected = Encoding.ASCII.GetBytes(Sign(secret, messageId, timestamp, body));
        return signatureHeader
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }

    private static bool TryKeyOf(string secret, out byte[] key)
    {
        key = [];
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal)) return false;
        var encoded = secret[SecretPrefix.Length..];
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var length) || length == 0) return false;
        key = buffer[..length];
        return true;
    }
}
