using GpuBilling.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EndToEnd.Tests.ChipSources;

/// <summary>A stand-in dcgm-exporter: Kestrel on a free loopback port answering /metrics with a recorded answer.</summary>
public sealed class RecordedExporter : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private RecordedExporter(LoopbackServer server) => _server = server;

    public Uri MetricsUrl => _server.UrlOf("/metrics");

    public static async Task<RecordedExporter> StartAsync(string answer) =>
        new(await LoopbackServer.StartAsync(app => app.MapGet("/metrics", () => Results.Text(answer, "text/plain; version=0.0.4; charset=utf-8"))));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
