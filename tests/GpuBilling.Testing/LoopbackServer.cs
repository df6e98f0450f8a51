using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GpuBilling.Testing;

/// <summary>
/// Kestrel on 127.0.0.1, serving what the test maps: a stand-in for an endpoint the project does
/// not own (a partner's webhook receiver, a vendor's exporter, a Kubernetes API server). It binds
/// port 0 and reads back the port it got, so nothing can take the port between finding and binding it.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app)
    {
        _app = app;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>The server's root, such as http://127.0.0.1:40123/.</summary>
    public Uri Address { get; }

    public Uri UrlOf(string path) => new(Address, path);

    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new LoopbackServer(app);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
