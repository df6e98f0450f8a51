using Gateway.ApiReference;
using GpuBilling.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Tests;

/// <summary>How the gateway fetches the services' documents: from the cluster's destination, kept a while, kept past the service going down.</summary>
public sealed class ServiceDocumentsTests : IAsyncLifetime
{
    private int _port;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private LoopbackServer _service = null!;
    private string _served = """{"version":1}""";

    private ServiceDocuments Documents() => new(
        new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), _clock, NullLogger<ServiceDocuments>.Instance);

    private static ClusterConfig Cluster(string id, int port) => new()
    {
        ClusterId = id,
        Destinations = new Dictionary<string, DestinationConfig> { ["local"] = new() { Address = $"http://127.0.0.1:{port}" } },
    };

    [Fact]
    public async Task A_document_is_fetched_again_only_once_it_is_older_than_the_freshness_and_kept_while_its_service_is_down()
    {
        var documents = Documents();
        ClusterConfig[] clusters = [Cluster("pricing", _port)];
        Assert.Equal([new ServiceDocument("pricing", """{"version":1}""", null)], await documents.CurrentAsync(clusters, CancellationToken.None));

        _served = """{"version":2}""";
        _clock.Advance(ServiceDocuments.FreshFor - TimeSpan.FromSeconds(1));
        Assert.Equal([new ServiceDocument("pricing", """{"version":1}""", null)], await documents.CurrentAsync(clusters, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([new ServiceDocument("pricing", """{"version":2}""", null)], await documents.CurrentAsync(clusters, CancellationToken.None));

        await _service.DisposeAsync();
        _clock.Advance(ServiceDocuments.FreshFor);
        Assert.Equal([new ServiceDocument("pricing", """{"version":2}""", null)], await documents.CurrentAsync(clusters, CancellationToken.None));
    }

    [Fact]
    public async Task A_service_that_never_answered_is_missing_with_the_address_tried()
    {
        using var nowhere = new RefusingPort();

        var current = await Documents().CurrentAsync([Cluster("webhooks", nowhere.Port), Cluster("pricing", _port)], CancellationToken.None);

        Assert.Equal(["pricing", "webhooks"], current.Select(d => d.ClusterId));
        Assert.Equal("""{"version":1}""", current[0].Json);
        Assert.Null(current[1].Json);
        Assert.StartsWith($"http://127.0.0.1:{nowhere.Port}/openapi/v1.json: ", current[1].Missing);
    }

    public async Task InitializeAsync()
    {
        _service = await LoopbackServer.StartAsync(app => app.MapGet("/openapi/v1.json", () => Results.Text(_served, "application/json")));
        _port = _service.Address.Port;
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();
}
