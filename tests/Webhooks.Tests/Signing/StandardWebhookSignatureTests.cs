using Webhooks.Signing;

namespace Webhooks.Tests.Signing;

public class StandardWebhookSignatureTests
{
    // The example the Standard Webhooks specification publishes.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void Signs_the_specifications_example_as_it_publishes()
    {
        Assert.Equal(Expected, StandardWebhookSignature.Sign(Secret, MessageId, Timestamp, Body));
    }

    [Fact]
    public void Verifies_the_specifications_example_within_the_tolerance_and_not_after_it()
    {
        Assert.True(StandardWebhookSignature.Verify(Secret, MessageId, "1614265330", Expected, Body, SentAt.AddMinutes(4), TimeSpan.FromMinutes(5)));
        Assert.False(StandardWebhookSignature.Verify(Secret, MessageId, "1614265330", Expected, Body, SentAt.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(StandardWebhookSignature.Verify(Secret, MessageId, "1614265330", Expected, Body + " ", SentAt, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void During_a_rotation_both_secrets_sign_and_a_receiver_with_either_accepts()
    {
        var newer = StandardWebhookSignature.NewSecret();
        var header = StandardWebhookSignature.Sign([newer, Secret], MessageId, Timestamp, Body);

        Assert.Equal(2, header.Split(' ').Length);
        Assert.EndsWith(" " + Expected, header);
        Assert.True(StandardWebhookSignature.Verify(newer, MessageId, "1614265330", header, Body, SentAt, TimeSpan.FromMinutes(5)));
        Assert.True(StandardWebhookSignature.Verify(Secret, MessageId, "1614265330", header, Body, SentAt, TimeSpan.FromMinutes(5)));
        Assert.False(StandardWebhookSignature.Verify(StandardWebhookSignature.NewSecret(), MessageId, "1614265330", header, Body, SentAt, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void New_secrets_are_whsec_prefixed_base64()
    {
        Assert.True(StandardWebhookSignature.IsSecret(StandardWebhookSignature.NewSecret()));
        Assert.False(StandardWebhookSignature.IsSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }
}
