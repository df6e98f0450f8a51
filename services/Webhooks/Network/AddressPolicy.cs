using System.Net;
using System.Net.Sockets;

namespace Webhooks.Network;

/// <summary>
/// Which addresses a webhook may not reach unless an operator allows it: anything that is not on
/// the public internet. A partner's URL is the partner's to choose, so without this a partner could
/// make the service call its own neighbours (the database, a cloud metadata endpoint at 169.254.169.254).
/// </summary>
public static class AddressPolicy
{
    private static readonly (IPNetwork Network, string Kind)[] Restricted =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "this-network"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared (carrier-grade NAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignments"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("fc00::/7"), "unique-local"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "site-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Why the address is refused ("loopback", "private", ...), or null for a public address.</summary>
    public static string? RestrictionOf(IPAddress address)
    {
        // An IPv6 address can carry an IPv4 one (::ffff:10.0.0.1, NAT64, 6to4) and reach it: judge what it reaches.
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedIPv4(address) is { } inner) return RestrictionOf(inner);
        foreach (var (network, kind) in Restricted)
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address)) return kind;
        return null;
    }

    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address)) return new IPAddress(bytes[12..16]);
        if (SixToFour.Contains(address)) return new IPAddress(bytes[2..6]);
        return null;
    }
}
