using System.Security.Cryptography;
using System.Text;
using Metering.Contracts;

namespace NodeAgent.Allocations.Kubernetes;

/// <summary>A pod as the kubelet names it.</summary>
public readonly record struct PodName(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>What the API server says of a pod that billing can use.</summary>
public sealed record PodMetadata(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations)
{
    public static PodMetadata None { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <summary>A label wins over an annotation of the same key: labels are what selectors and quotas already trust.</summary>
    public string? Value(string key) =>
        Labels.TryGetValue(key, out var label) && label.Length > 0 ? label
        : Annotations.TryGetValue(key, out var annotation) && annotation.Length > 0 ? annotation
        : null;
}

/// <summary>
/// Who is billed for a pod's devices. PodResources carries no labels, so the operator's rule
/// decides: the pod's own tenant label or annotation where pods are read from the API server,
/// else its namespace's rule, else (with <see cref="KubernetesOptions.TenantFromNamespace"/>) the
/// namespace itself, else nobody. The workload is the pod's workload label or annotation, else
/// "namespace/pod": the unit a Kubernetes user starts and stops.
/// </summary>
public sealed class BillingRule(KubernetesOptions options)
{
    // Metering refuses a report whose ids are longer; one pod must not cost the node its whole second.
    public const int MaxIdLength = 128;

    /// <summary>Null: the pod is billed to nobody (its devices are sampled, unallocated).</summary>
    public GpuAllocation? AllocationOf(PodName pod, PodMetadata? metadata)
    {
        var namespaceRule = options.Namespaces.GetValueOrDefault(pod.Namespace);
        var tenant = Usable(metadata?.Value(options.Pods.TenantKey))
            ?? namespaceRule?.TenantId
            ?? (options.TenantFromNamespace ? pod.Namespace : null);
        if (tenant is null) return null;

        var podClass = metadata?.Value(options.Pods.AllocationClassKey);
        var allocationClass = AllocationClasses.IsKnown(podClass) ? podClass! : namespaceRule?.AllocationClass ?? AllocationClasses.OnDemand;
        var workload = Usable(metadata?.Value(options.Pods.WorkloadKey)) ?? Shortened(pod.ToString());
        return new GpuAllocation(tenant, workload) { AllocationClass = allocationClass };
    }

    private static string? Usable(string? id) => id is { Length: > 0 and <= MaxIdLength } ? id : null;

    /// <summary>
    /// A namespace and pod name can reach 317 characters: past the limit the name keeps its start
    /// and ends in "~" and a hash of the whole, so two long names never meet.
    /// </summary>
    public static string Shortened(string id)
    {
        if (id.Length <= MaxIdLength) return id;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..16];
        return $"{id[..(MaxIdLength - hash.Length - 1)]}~{hash}";
    }
}
