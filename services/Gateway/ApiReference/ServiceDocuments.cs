using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Metering.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.ApiReference;

/// <summary>The OpenAPI document of the service behind one cluster, or why there is none.</summary>
public sealed record ServiceDocument(string ClusterId, JsonObject? Document, string? Missing);

/// <summary>
/// The services' own OpenAPI documents, fetched from the clusters the route table already knows
/// (<see cref="IProxyConfigProvider"/>, so a reloaded route table is followed) when someone asks
/// for the whole API's document, and kept for a short while. Fetched lazily rather than at start:
/// the services usually start beside the gateway, so a fetch at start would find them not yet up and
/// need a retry loop, and a service redeployed with new endpoints is described again within
/// <see cref="FreshFor"/> without restarting the gateway. A service that does not answer costs one
/// short timeout and leaves the last document it served in place: its API did not change by its
/// going down. One that never answered is named as missing.
/// </summary>
public sealed class ServiceDocuments(IProxyConfigProvider proxyConfig, IHttpClientFactory httpClients, TimeProvider clock, ILogger<ServiceDocuments> logger)
{
    public const string HttpClientName = "service-documents";
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (JsonObject Document, DateTimeOffset FetchedAt)> _known = new();

    public IProxyConfig Config => proxyConfig.GetConfig();

    public async Task<IReadOnlyList<ServiceDocument>> CurrentAsync(IProxyConfig config, CancellationToken cancellationToken) =>
        await Task.WhenAll(config.Clusters
            .OrderBy(cluster => cluster.ClusterId, StringComparer.Ordinal)
            .Select(cluster => DocumentOfAsync(cluster, cancellationToken)));

    private async Task<ServiceDocument> DocumentOfAsync(ClusterConfig cluster, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(cluster.ClusterId, out var known) && now - known.FetchedAt < FreshFor)
            return new ServiceDocument(cluster.ClusterId, known.Document, null);

        var problems = new List<string>();
        foreach (var destination in cluster.Destinations?.Values ?? [])
        {
            var address = new Uri(new Uri(destination.Address.TrimEnd('/') + "/"), ApiDocuments.DocumentPath.TrimStart('/'));
            try
            {
                var document = await httpClients.CreateClient(HttpClientName).GetFromJsonAsync<JsonObject>(address, cancellationToken)
                    ?? throw new InvalidDataException("the document is empty");
                _known[cluster.ClusterId] = (document, now);
                return new ServiceDocument(cluster.ClusterId, document, null);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested
                                      && e is HttpRequestException or TaskCanceledException or InvalidDataException or System.Text.Json.JsonException)
            {
                logger.LogWarning("The OpenAPI document of {ClusterId} at {Address} could not be fetched: {Problem}", cluster.ClusterId, address, e.Message);
                problems.Add($"{address}: {e.Message}");
            }
        }

        return _known.TryGetValue(cluster.ClusterId, out known)
            ? new ServiceDocument(cluster.ClusterId, known.Document, null)
            : new ServiceDocument(cluster.ClusterId, null, problems.Count > 0 ? string.Join("; ", problems) : "the cluster has no destination");
    }
}
