using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GpuBilling.Access;

/// <summary>
/// `ForwardedHeaders` settings: the proxies (a load balancer in front of the gateway) whose
/// `X-Forwarded-For` is believed. None by default, and then the header is ignored, since anyone
/// can send it.
/// </summary>
public sealed class TrustedProxies
{
    /// <summary>Addresses of single proxies, such as `10.0.0.5`.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies in CIDR notation, such as `10.0.0.0/16`.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>
/// Who a caller is by address: the connection's peer, or, where that peer is a trusted proxy, the
/// address the proxy says it forwarded for, walking `X-Forwarded-For` from its right end and stopping
/// at the first address that is not a trusted proxy itself (so a client cannot choose its address by
/// writing the header's left end).
/// </summary>
public static class ClientAddresses
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddClientAddresses(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = configuration.GetSection(Section).Get<TrustedProxies>() ?? new TrustedProxies();
        var proxies = trusted.KnownProxies.Select(text => IPAddress.TryParse(text, out var address) ? address
            : throw new InvalidOperationException($"{Section}:KnownProxies: '{text}' is not an IP address.")).ToList();
        var networks = trusted.KnownNetworks.Select(text => System.Net.IPNetwork.TryParse(text, out var network) ? network
            : throw new InvalidOperationException($"{Section}:KnownNetworks: '{text}' is not a network in CIDR notation (10.0.0.0/16).")).ToList();
        services.AddSingleton(trusted);
        return services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            // The framework trusts loopback by default; here only what the operator named.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
            // Through every trusted proxy of a chain; the walk still stops at the first untrusted address.
            options.ForwardLimit = null;
        });
    }

    /// <summary>Only with a trusted proxy: with none named, the framework's middleware would believe every sender.</summary>
    public static WebApplication UseClientAddresses(this WebApplication app)
    {
        var trusted = app.Services.GetRequiredService<TrustedProxies>();
        if (trusted.KnownProxies.Length + trusted.KnownNetworks.Length > 0) app.UseForwardedHeaders();
        return app;
    }

    /// <summary>
    /// The bucket an address's calls share: an IPv4 address, or an IPv6 address's /64, since a
    /// single host is usually given a whole /64 and could otherwise change address on every call.
    /// </summary>
    public static string PartitionOf(IPAddress? address)
    {
        if (address is null) return "";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
