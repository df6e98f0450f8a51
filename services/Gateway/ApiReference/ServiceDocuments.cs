using System.Collections.Concurrent;
using GpuBilling.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.ApiReference;

/// <summary>The OpenAPI document (JSON) of the service behind one cluster, or why there is none.</summary>
public sealed record ServiceDocument(string ClusterId, string? Json, string? Missing);

/// <summary>
/// The services' own OpenAPI documents, fetched from the destinations of the clusters the route
/// table already knows when someone asks for the whole API's document, and kept for a short while.
/// Fetched lazily rather than at start: the services usually start beside the gateway, so a fetch
/// at start would find them not yet up and need a retry loop, and a service redeployed with new
/// endpoints is described again within <see cref="FreshFor"/> without restarting the gateway. A
/// service that does not answer costs one timeout and leaves the last document it served in place:
/// its API did not change by its going down. One that never answered is named as missing.
/// </summary>
public sealed class ServiceDocuments(IHttpClientFactory httpClients, TimeProvider clock, ILogger<ServiceDocuments> logger)
{
    public const string HttpClientName = "service-documents";
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (string Json, DateTimeOffset FetchedAt)> _known = new();

    public async Task<IReadOnlyList<ServiceDocument>> CurrentAsync(IEnumerable<ClusterConfig> clusters, CancellationToken cancellationToken) =>
        await Task.WhenAll(clusters
            .OrderBy(cluster => cluster.ClusterId, StringComparer.Ordinal)
            .Select(cluster => DocumentOfAsync(cluster, cancellationToken)));

    private async Task<ServiceDocument> DocumentOfAsync(ClusterConfig cluster, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(cluster.ClusterId, out var known) && now - known.FetchedAt < FreshFor)
            return new ServiceDocument(cluster.ClusterId, known.Json, null);

        var problems = new List<string>();
        foreach (var destination in cluster.Destinations?.Values ?? [])
        {
            var address = new Uri(new Uri(destination.Address.TrimEnd('/') + "/"), ApiDocuments.DocumentPath.TrimStart('/'));
            try
            {
                var json = await httpClients.CreateClient(HttpClientName).GetStringAsync(address, cancellationToken);
                _known[cluster.ClusterId] = (json, now);
                return new ServiceDocument(cluster.ClusterId, json, null);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException)
            {
                logger.LogWarning("The OpenAPI document of {ClusterId} at {Address} could not be fetched: {Problem}", cluster.ClusterId, address, e.Message);
                problems.Add($"{address}: {e.Message}");
            }
        }

        return _known.TryGetValue(cluster.ClusterId, out known)
            ? new ServiceDocument(cluster.ClusterId, known.Json, null)
            : new ServiceDocument(cluster.ClusterId, null, problems.Count > 0 ? string.Join("; ", problems) : "its cluster has no destination");
    }
}
