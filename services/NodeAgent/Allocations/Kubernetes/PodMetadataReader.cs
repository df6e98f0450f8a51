using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace NodeAgent.Allocations.Kubernetes;

/// <summary>
/// Reads a pod's labels and annotations from the API server (GET /api/v1/namespaces/{ns}/pods/{name})
/// as the agent's service account: its token, re-read for every request because the kubelet
/// rotates it, and the cluster's CA, the only root the API server's certificate is checked against.
/// Each pod is read once while it holds devices; a pod that could not be read is asked again after
/// <see cref="PodMetadataOptions.RetryInterval"/>.
/// </summary>
public sealed class PodMetadataReader : IDisposable
{
    private readonly PodMetadataOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly Dictionary<PodName, PodMetadata> _known = [];
    private readonly Dictionary<PodName, DateTimeOffset> _failedAt = [];

    public PodMetadataReader(PodMetadataOptions options, TimeProvider clock, ILogger logger)
    {
        _options = options;
        _clock = clock;
        _logger = logger;
        var handler = new SocketsHttpHandler();
        if (File.Exists(options.CaPath))
        {
            var ca = X509Certificate2.CreateFromPemFile(options.CaPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && IssuedBy(ca, new X509Certificate2(certificate), errors);
        }
        _http = new HttpClient(handler) { BaseAddress = ApiServer(options), Timeout = options.RequestTimeout };
    }

    /// <summary>The labels of every pod that is known; pods no longer listed are forgotten.</summary>
    public async Task<IReadOnlyDictionary<PodName, PodMetadata>> RefreshAsync(IReadOnlyCollection<PodName> pods, CancellationToken cancellationToken)
    {
        foreach (var gone in _known.Keys.Concat(_failedAt.Keys).Except(pods).ToList())
        {
            _known.Remove(gone);
            _failedAt.Remove(gone);
        }
        var now = _clock.GetUtcNow();
        foreach (var pod in pods)
        {
            if (_known.ContainsKey(pod) || (_failedAt.TryGetValue(pod, out var failedAt) && now - failedAt < _options.RetryInterval)) continue;
            try
            {
                _known[pod] = await ReadAsync(pod, cancellationToken);
                _failedAt.Remove(pod);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or IOException && !cancellationToken.IsCancellationRequested)
            {
                _failedAt[pod] = now;
                _logger.LogWarning(e, "Could not read pod {Pod} from the API server; it is billed by its namespace's rule until it can be",
                    pod);
            }
        }
        return _known;
    }

    private async Task<PodMetadata> ReadAsync(PodName pod, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"api/v1/namespaces/{Uri.EscapeDataString(pod.Namespace)}/pods/{Uri.EscapeDataString(pod.Name)}");
        if (File.Exists(_options.TokenPath))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(_options.TokenPath, cancellationToken)).Trim());
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var metadata = body.RootElement.GetProperty("metadata");
        return new PodMetadata(Strings(metadata, "labels"), Strings(metadata, "annotations"));
    }

    private static Dictionary<string, string> Strings(JsonElement metadata, string property) =>
        metadata.TryGetProperty(property, out var map) && map.ValueKind == JsonValueKind.Object
            ? map.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];

    private static Uri ApiServer(PodMetadataOptions options)
    {
        var address = options.ApiServer
            ?? (Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is { Length: > 0 } host
                ? $"https://{(host.Contains(':') ? $"[{host}]" : host)}:{Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT") ?? "443"}"
                : throw new InvalidOperationException(
                    "Allocations:Kubernetes:Pods:ApiServer is not set and the agent is not in a pod (no KUBERNETES_SERVICE_HOST)."));
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>Only the cluster's CA is trusted, whatever the machine's own roots say.</summary>
    private static bool IssuedBy(X509Certificate2 ca, X509Certificate2 certificate, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose() => _http.Dispose();
}
