using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Webhooks.Signing;

/// <summary>
/// Keeps the webhook signing secrets sealed at rest: AES-256-GCM under a key that lives outside the
/// database (<see cref="SecretKeys"/>), bound to the subscription it belongs to. Why: anyone holding a
/// copy of the database could otherwise sign deliveries a partner would believe. A sealed secret
/// reads <c>sealed:v1:&lt;key id&gt;:&lt;base64url of nonce, tag and ciphertext&gt;</c>; the key id (the
/// first bytes of the key's SHA-256) says which key opens it, so secrets sealed under a previous key
/// still open while they are sealed again under the current one.
/// </summary>
public sealed class SecretBox
{
    private const string Prefix = "sealed:v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _current;
    private readonly Dictionary<string, byte[]> _byId;

    /// <param name="current">Seals and opens.</param>
    /// <param name="previous">Only open: keys being rotated away from.</param>
    public SecretBox(byte[] current, IEnumerable<byte[]> previous)
    {
        _current = current;
        CurrentKeyId = IdOf(current);
        _byId = previous.Append(current).ToDictionary(IdOf, key => key);
    }

    /// <summary>The id of the key that seals, which every stored secret ends up under.</summary>
    public string CurrentKeyId { get; }

    public string Seal(string secret, string subscriptionId)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(subscriptionId));
        return $"{Prefix}{CurrentKeyId}:{Base64Url.EncodeToString(sealedBytes)}";
    }

    /// <summary>
    /// The secret in clear. A secret still stored in clear (before <see cref="StoredSecretsSealing"/>
    /// sealed it, or written by an older instance during a rolling upgrade) is taken as it is.
    /// </summary>
    public string Open(string stored, string subscriptionId)
    {
        if (stored.StartsWith(StandardWebhookSignature.SecretPrefix, StringComparison.Ordinal)) return stored;
        var parts = stored.StartsWith(Prefix, StringComparison.Ordinal) ? stored[Prefix.Length..].Split(':') : [];
        if (parts is not [var keyId, var text])
            throw new CryptographicException($"The secret of subscription {subscriptionId} is neither sealed nor a {StandardWebhookSignature.SecretPrefix} secret.");
        if (!_byId.TryGetValue(keyId, out var key))
            throw new CryptographicException(
                $"The secret of subscription {subscriptionId} is sealed under key {keyId}, which is not configured (Webhooks:SecretKeyFile, Webhooks:PreviousSecretKeyFiles).");
        var sealedBytes = Base64Url.DecodeFromChars(text);
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(subscriptionId));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Whether a stored secret is sealed under the current key; anything else is sealed again at start.</summary>
    public bool IsSealedUnderCurrentKey(string? stored) => stored is null || stored.StartsWith($"{Prefix}{CurrentKeyId}:", StringComparison.Ordinal);

    private static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];
}
