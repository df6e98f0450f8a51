using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EndToEnd.Tests.ChipSources;

/// <summary>A stand-in dcgm-exporter: Kestrel on a free loopback port answering /metrics with a recorded answer.</summary>
public sealed class RecordedExporter : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordedExporter(WebApplication app) => _app = app;

    public Uri MetricsUrl => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/metrics");

    public static async Task<RecordedExporter> StartAsync(string answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var exporter = new RecordedExporter(builder.Build());
        exporter._app.MapGet("/metrics", () => Results.Text(answer, "text/plain; version=0.0.4; charset=utf-8"));
        await exporter._app.StartAsync();
        return exporter;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
