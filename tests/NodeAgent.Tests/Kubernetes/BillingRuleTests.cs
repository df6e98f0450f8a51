using Metering.Contracts;
using NodeAgent.Allocations.Kubernetes;

namespace NodeAgent.Tests.Kubernetes;

public sealed class BillingRuleTests
{
    private const string TenantKey = "metering.gpu-billing.io/tenant";
    private const string WorkloadKey = "metering.gpu-billing.io/workload";
    private const string ClassKey = "metering.gpu-billing.io/allocation-class";

    private static readonly KubernetesOptions Options = new()
    {
        Namespaces =
        {
            ["ml-research"] = new NamespaceRule { TenantId = "acme" },
            ["batch"] = new NamespaceRule { TenantId = "globex", AllocationClass = "spot" },
        },
    };

    private static GpuAllocation? Of(PodName pod, PodMetadata? metadata = null, KubernetesOptions? options = null) =>
        new BillingRule(options ?? Options).AllocationOf(pod, metadata);

    private static PodMetadata Labels(params (string Key, string Value)[] labels) =>
        new(labels.ToDictionary(l => l.Key, l => l.Value), new Dictionary<string, string>());

    [Fact]
    public void A_pod_is_billed_to_its_namespaces_tenant_on_its_terms_as_the_workload_namespace_slash_pod()
    {
        Assert.Equal(new GpuAllocation("acme", "ml-research/train-0") { AllocationClass = "on-demand" }, Of(new("ml-research", "train-0")));
        Assert.Equal(new GpuAllocation("globex", "batch/sweep-7") { AllocationClass = "spot" }, Of(new("batch", "sweep-7")));
    }

    [Fact]
    public void A_pod_in_a_namespace_no_rule_names_is_billed_to_nobody_unless_namespaces_are_tenants()
    {
        Assert.Null(Of(new("default", "notebook")));
        Assert.Equal(new GpuAllocation("default", "default/notebook"),
            Of(new("default", "notebook"), options: new KubernetesOptions { TenantFromNamespace = true }));
    }

    [Fact]
    public void The_pods_own_labels_win_over_its_namespaces_rule()
    {
        var labelled = Labels((TenantKey, "initech"), (WorkloadKey, "llm-finetune"), (ClassKey, "on-demand"));

        Assert.Equal(new GpuAllocation("initech", "llm-finetune") { AllocationClass = "on-demand" }, Of(new("batch", "sweep-7"), labelled));
    }

    [Fact]
    public void A_label_wins_over_an_annotation_and_an_annotation_serves_where_there_is_no_label()
    {
        var both = new PodMetadata(
            new Dictionary<string, string> { [TenantKey] = "from-label" },
            new Dictionary<string, string> { [TenantKey] = "from-annotation", [WorkloadKey] = "annotated-job" });

        Assert.Equal(new GpuAllocation("from-label", "annotated-job"), Of(new("default", "p"), both));
    }

    [Fact]
    public void A_label_that_is_missing_or_unusable_falls_back_to_the_namespaces_rule()
    {
        var unusable = Labels((TenantKey, new string('x', 129)), (ClassKey, "preemptible"));

        Assert.Equal(new GpuAllocation("globex", "batch/sweep-7") { AllocationClass = "spot" }, Of(new("batch", "sweep-7"), unusable));
        Assert.Equal(new GpuAllocation("acme", "ml-research/train-0"), Of(new("ml-research", "train-0"), PodMetadata.None));
    }

    [Fact]
    public void A_workload_name_too_long_for_metering_is_shortened_to_a_distinct_name_of_the_limit()
    {
        var first = Of(new("ml-research", new string('a', 250) + "-1"))!.WorkloadId;
        var second = Of(new("ml-research", new string('a', 250) + "-2"))!.WorkloadId;

        Assert.Equal((BillingRule.MaxIdLength, BillingRule.MaxIdLength), (first.Length, second.Length));
        Assert.StartsWith("ml-research/aaa", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Only_the_nvidia_gpu_and_mig_resources_are_gpus_unless_the_operator_names_others()
    {
        Assert.Equal([true, true, true, true, false],
            new[] { "nvidia.com/gpu", "nvidia.com/gpu.shared", "nvidia.com/mig-1g.10gb", "nvidia.com/mig-3g.40gb", "example.com/fpga" }
                .Select(new KubernetesOptions().IsGpuResource));
        Assert.True(new KubernetesOptions { Resources = ["example.com/fpga"] }.IsGpuResource("example.com/fpga"));
    }

    [Fact]
    public void A_namespace_rule_with_a_class_metering_would_refuse_stops_the_agent_at_start()
    {
        var options = new KubernetesOptions { Namespaces = { ["batch"] = new NamespaceRule { TenantId = "globex", AllocationClass = "preemptible" } } };

        Assert.Contains("preemptible", Assert.Throws<InvalidOperationException>(options.Validate).Message);
    }
}
