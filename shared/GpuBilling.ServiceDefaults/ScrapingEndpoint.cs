using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// Where a service answers Prometheus (`/metrics`, OpenTelemetry's names as the exporter writes
/// them). With `Metrics:Url` set (`http://0.0.0.0:9464`, say) the service listens there too and
/// answers `/metrics` on that port only, with the health checks and nothing of the API: a
/// management port the operator's network reaches and the public one does not. Without it a
/// service behind the gateway answers `/metrics` on its own port (the gateway forwards only the
/// API's routes, so a tenant never reaches it), and the gateway, whose port is the public one,
/// answers it nowhere.
/// </summary>
public sealed record ScrapingEndpoint(int? ManagementPort)
{
    public const string Path = "/metrics";
    public const string UrlSetting = "Metrics:Url";

    public static void Listen(IHostApplicationBuilder builder)
    {
        if (builder.Configuration[UrlSetting] is not { Length: > 0 } url)
        {
            builder.Services.AddSingleton(new ScrapingEndpoint(ManagementPort: null));
            return;
        }
        if (builder is not WebApplicationBuilder web) throw new InvalidOperationException($"{UrlSetting} is set, but this host serves no HTTP.");
        var port = new Uri(url).Port;
        // A port picked by the server could not be told apart from the API's in the address it reports.
        if (port == 0) throw new InvalidOperationException($"{UrlSetting} needs a port of its own, not 0: {url}");
        var apiUrls = builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls ? urls : "http://localhost:5000";
        web.WebHost.UseUrls([.. apiUrls.Split(';', StringSplitOptions.RemoveEmptyEntries), url]);
        builder.Services.AddSingleton(new ScrapingEndpoint(port));
    }

    /// <summary>Ahead of everything else (keys, routing): a scrape carries no key and answers nothing of the API.</summary>
    /// <param name="publicPort">The service's own port is the public one (the gateway's): scrapes only on the management port.</param>
    public static void Map(WebApplication app, bool publicPort)
    {
        var endpoint = app.Services.GetRequiredService<ScrapingEndpoint>();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == Path
            && (endpoint.ManagementPort is { } port ? context.Connection.LocalPort == port : !publicPort));
        if (endpoint.ManagementPort is not { } management) return;
        // The management port is for the operator's probes: the API is answered on the API's port only.
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != management || context.Request.Path.StartsWithSegments("/health")) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }
}
