using System.Net;
using Webhooks.Deliveries;
using Webhooks.Network;

namespace Webhooks.Tests.Network;

public class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.5.4", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("100.64.0.1", "shared (carrier-grade NAT)")]
    [InlineData("100.127.255.254", "shared (carrier-grade NAT)")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("0.0.0.0", "this-network")]
    [InlineData("::", "unspecified")]
    public void Refuses_addresses_off_the_public_internet(string address, string kind)
    {
        Assert.Equal(kind, AddressPolicy.RestrictionOf(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("100.128.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:93.184.216.34")]
    public void Allows_public_addresses(string address)
    {
        Assert.Null(AddressPolicy.RestrictionOf(IPAddress.Parse(address)));
    }

    [Fact]
    public async Task A_subscription_at_127_0_0_1_with_the_guard_on_records_a_refused_attempt_and_sends_nothing()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var sender = new WebhookSender(new HttpClient(GuardedConnections.Handler(allowPrivateNetworks: false, TimeSpan.FromSeconds(5))), TimeProvider.System);
        var delivery = WebhookDelivery.Create(Guid.NewGuid(), "invoice.finalized", "whsub_test", "acme", "{}", DateTimeOffset.UtcNow);

        var outcome = await sender.SendAsync(delivery, new Uri($"http://127.0.0.1:{port}/hook"), [Webhooks.Signing.StandardWebhookSignature.NewSecret()], CancellationToken.None);

        Assert.Null(outcome.Attempt.Status);
        Assert.StartsWith("Refused:", outcome.Attempt.Error);
        Assert.Contains("127.0.0.1 (loopback)", outcome.Attempt.Error);
        Assert.False(listener.Pending());
    }
}
