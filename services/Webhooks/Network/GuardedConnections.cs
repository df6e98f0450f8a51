using System.Net;
using System.Net.Sockets;

namespace Webhooks.Network;

/// <summary>A connection the guard refused: the host resolved only to addresses webhooks may not reach.</summary>
public sealed class AddressRefusedException(string message) : Exception(message);

/// <summary>
/// The handler every webhook is sent through. The address is checked where the socket is
/// connected, on the address connected to: checking the URL's host beforehand would let a DNS
/// answer that changes between the check and the connection (DNS rebinding) through. Redirects are
/// not followed, since a public endpoint could redirect to a private one; a proxy is not used,
/// since the guard would then check the proxy and not the endpoint.
/// </summary>
public static class GuardedConnections
{
    public static SocketsHttpHandler Handler(bool allowPrivateNetworks, TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = connectTimeout,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivateNetworks, cancellationToken),
    };

    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var refused = new List<string>();
        foreach (var address in addresses)
        {
            if (!allowPrivateNetworks && AddressPolicy.RestrictionOf(address) is { } restriction)
            {
                refused.Add($"{address} ({restriction})");
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                if (address.Equals(addresses[^1])) throw;
            }
        }
        throw new AddressRefusedException(
            $"'{endpoint.Host}' resolves only to addresses webhooks may not reach: {string.Join(", ", refused)}. " +
            "An operator can allow private networks with Webhooks:AllowPrivateNetworks.");
    }
}
