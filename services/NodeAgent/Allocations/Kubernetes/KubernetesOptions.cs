using Metering.Contracts;

namespace NodeAgent.Allocations.Kubernetes;

/// <summary>`Allocations:Kubernetes`: where the kubelet is, which resources are GPUs, and who is billed for a pod.</summary>
public sealed class KubernetesOptions
{
    public static readonly string[] DefaultResources = ["nvidia.com/gpu", "nvidia.com/gpu.shared", "nvidia.com/mig-*"];

    public string SocketPath { get; set; } = "/var/lib/kubelet/pod-resources/kubelet.sock";

    /// <summary>How often the kubelet is asked: well under a second, so a pod's end is seen before its next second is sampled.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long the last answer stands while the kubelet does not answer (it restarts in a few
    /// seconds); after that every device is billed to nobody until it answers again.
    /// </summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Extended resource names that are GPUs; a trailing * matches any suffix. Null: <see cref="DefaultResources"/>.</summary>
    public string[]? Resources { get; set; }

    /// <summary>Namespace name to the tenant its pods are billed to and on what terms.</summary>
    public Dictionary<string, NamespaceRule> Namespaces { get; set; } = [];

    /// <summary>A namespace no rule names is its own tenant (a cluster with a namespace per tenant); otherwise its pods are billed to nobody.</summary>
    public bool TenantFromNamespace { get; set; }

    /// <summary>Pod labels and annotations from the API server, where the operator allows the agent to read pods.</summary>
    public PodMetadataOptions Pods { get; set; } = new();

    public IReadOnlyList<string> EffectiveResources => Resources is { Length: > 0 } resources ? resources : DefaultResources;

    public bool IsGpuResource(string resourceName) =>
        EffectiveResources.Any(pattern => pattern.EndsWith('*')
            ? resourceName.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : resourceName == pattern);

    /// <exception cref="InvalidOperationException">A rule names an allocation class metering would refuse, or no tenant.</exception>
    public void Validate()
    {
        foreach (var (name, rule) in Namespaces)
        {
            if (string.IsNullOrWhiteSpace(rule.TenantId))
                throw new InvalidOperationException($"Allocations:Kubernetes:Namespaces:{name} names no TenantId.");
            if (!AllocationClasses.IsKnown(rule.AllocationClass))
                throw new InvalidOperationException(
                    $"Allocations:Kubernetes:Namespaces:{name}:AllocationClass '{rule.AllocationClass}' is not one of: {string.Join(", ", AllocationClasses.All)}.");
        }
        if (PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromSeconds(1))
            throw new InvalidOperationException("Allocations:Kubernetes:PollInterval must be more than zero and at most a second.");
    }
}

public sealed class NamespaceRule
{
    public string? TenantId { get; set; }
    public string AllocationClass { get; set; } = AllocationClasses.OnDemand;
}

public sealed class PodMetadataOptions
{
    /// <summary>Off unless the operator grants the agent's service account `get` on pods.</summary>
    public bool Enabled { get; set; }

    /// <summary>The API server; null: the in-cluster address from KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT.</summary>
    public string? ApiServer { get; set; }

    public string TokenPath { get; set; } = "/var/run/secrets/kubernetes.io/serviceaccount/token";
    public string CaPath { get; set; } = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";

    /// <summary>The label or annotation (a label wins) naming the tenant; a pod without it falls back to its namespace's rule.</summary>
    public string TenantKey { get; set; } = "metering.gpu-billing.io/tenant";
    public string WorkloadKey { get; set; } = "metering.gpu-billing.io/workload";
    public string AllocationClassKey { get; set; } = "metering.gpu-billing.io/allocation-class";

    /// <summary>How long a pod whose labels could not be read is billed by its namespace's rule before they are asked for again.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one read may take: a new pod's read holds up that poll, so it is short.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
