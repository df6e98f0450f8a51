using GpuBilling.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Allocations.Kubernetes;

namespace NodeAgent.Tests.Kubernetes;

/// <summary>
/// Pod labels read as the agent's service account from a test-side API server that answers
/// GET /api/v1/namespaces/{ns}/pods/{name} with the real API's Pod JSON (trimmed to what a
/// kubectl get -o json of such a pod holds around its metadata).
/// </summary>
public sealed class PodMetadataReaderTests : IAsyncLifetime
{
    private const string Token = "eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.agent-token";

    private const string TrainPod = """
        {
          "kind": "Pod",
          "apiVersion": "v1",
          "metadata": {
            "name": "train-0",
            "namespace": "ml-research",
            "uid": "6d1f0b9e-3c1a-4f7e-9a57-0c6f8f3e2b11",
            "resourceVersion": "918273",
            "creationTimestamp": "2026-02-10T09:12:44Z",
            "labels": { "app": "trainer", "metering.gpu-billing.io/tenant": "initech" },
            "annotations": { "metering.gpu-billing.io/workload": "llm-finetune-42" }
          },
          "spec": { "nodeName": "gpu-node-7", "containers": [ { "name": "main", "image": "nvcr.io/nvidia/pytorch:24.05-py3" } ] },
          "status": { "phase": "Running" }
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("apiserver-").FullName;
    private readonly List<(string Path, string? Authorization)> _requests = [];
    private LoopbackServer _apiServer = null!;

    public async Task InitializeAsync()
    {
        _apiServer = await LoopbackServer.StartAsync(app => app.MapGet("/api/v1/namespaces/{ns}/pods/{name}", (HttpContext context, string ns, string name) =>
        {
            lock (_requests) _requests.Add((context.Request.Path, context.Request.Headers.Authorization.ToString()));
            return ns == "ml-research" && name == "train-0"
                ? Results.Text(TrainPod, "application/json")
                : Results.Json(new { kind = "Status", apiVersion = "v1", status = "Failure", reason = "NotFound", code = 404 }, statusCode: 404);
        }));
        await File.WriteAllTextAsync(Path.Combine(_directory, "token"), Token + "\n");
    }

    public async Task DisposeAsync()
    {
        await _apiServer.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private PodMetadataReader Reader() => new(
        new PodMetadataOptions
        {
            Enabled = true,
            ApiServer = _apiServer.Address.ToString(),
            TokenPath = Path.Combine(_directory, "token"),
            CaPath = Path.Combine(_directory, "no-ca.crt"),
            RetryInterval = TimeSpan.FromHours(1),
        },
        TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task A_pods_labels_are_read_once_with_the_service_account_token_and_decide_its_tenant_and_workload()
    {
        using var reader = Reader();
        var pod = new PodName("ml-research", "train-0");

        var first = await reader.RefreshAsync([pod], CancellationToken.None);
        await reader.RefreshAsync([pod], CancellationToken.None);

        Assert.Equal([("/api/v1/namespaces/ml-research/pods/train-0", $"Bearer {Token}")], _requests);
        var rule = new BillingRule(new KubernetesOptions { Namespaces = { ["ml-research"] = new NamespaceRule { TenantId = "acme" } } });
        Assert.Equal(new Metering.Contracts.GpuAllocation("initech", "llm-finetune-42"), rule.AllocationOf(pod, first[pod]));
    }

    [Fact]
    public async Task A_pod_that_cannot_be_read_is_left_to_its_namespaces_rule_and_not_asked_again_before_the_retry_interval()
    {
        using var reader = Reader();
        var gone = new PodName("ml-research", "deleted-1");

        var known = await reader.RefreshAsync([gone], CancellationToken.None);
        await reader.RefreshAsync([gone], CancellationToken.None);

        Assert.Empty(known);
        Assert.Single(_requests);
    }

    [Fact]
    public async Task A_pod_that_no_longer_holds_devices_is_forgotten_and_read_afresh_if_it_comes_back()
    {
        using var reader = Reader();
        var pod = new PodName("ml-research", "train-0");

        await reader.RefreshAsync([pod], CancellationToken.None);
        Assert.Empty(await reader.RefreshAsync([], CancellationToken.None));
        Assert.Contains(pod, (await reader.RefreshAsync([pod], CancellationToken.None)).Keys);

        Assert.Equal(2, _requests.Count);
    }
}
