using System.Security.Cryptography;
using Webhooks.Signing;

namespace Webhooks.Tests.Signing;

public class SecretBoxTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] OtherKey = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_sealed_secret_opens_only_for_its_own_subscription_and_only_with_its_key()
    {
        var box = new SecretBox(Key, []);
        var secret = StandardWebhookSignature.NewSecret();

        var stored = box.Seal(secret, "whsub_a");

        Assert.DoesNotContain(StandardWebhookSignature.SecretPrefix, stored);
        Assert.StartsWith($"sealed:v1:{box.CurrentKeyId}:", stored);
        Assert.NotEqual(stored, box.Seal(secret, "whsub_a"));
        Assert.Equal(secret, box.Open(stored, "whsub_a"));
        // Copied onto another subscription's row, it does not open: the subscription is part of what is authenticated.
        Assert.ThrowsAny<CryptographicException>(() => box.Open(stored, "whsub_b"));
        var unknown = Assert.ThrowsAny<CryptographicException>(() => new SecretBox(OtherKey, []).Open(stored, "whsub_a"));
        Assert.Contains($"sealed under key {box.CurrentKeyId}, which is not configured", unknown.Message);
    }

    [Fact]
    public void A_key_being_rotated_away_from_still_opens_and_what_it_sealed_is_not_under_the_current_key()
    {
        var old = new SecretBox(OtherKey, []);
        var rotated = new SecretBox(Key, [OtherKey]);
        var secret = StandardWebhookSignature.NewSecret();
        var stored = old.Seal(secret, "whsub_a");

        Assert.Equal(secret, rotated.Open(stored, "whsub_a"));
        Assert.False(rotated.IsSealedUnderCurrentKey(stored));
        Assert.True(rotated.IsSealedUnderCurrentKey(rotated.Seal(secret, "whsub_a")));
        // An earlier release's secret in clear is taken as it is, and sealed at start.
        Assert.Equal(secret, rotated.Open(secret, "whsub_a"));
        Assert.False(rotated.IsSealedUnderCurrentKey(secret));
    }
}
