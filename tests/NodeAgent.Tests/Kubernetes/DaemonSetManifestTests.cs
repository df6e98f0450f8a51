using GpuBilling.Testing;
using NodeAgent.Allocations.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace NodeAgent.Tests.Kubernetes;

/// <summary>The DaemonSet operators apply (infra/kubernetes/node-agent.yaml) parses and gives the agent the kubelet's socket.</summary>
public sealed class DaemonSetManifestTests
{
    private static readonly string ManifestPath = Path.Combine(ServiceProcess.RepositoryRoot(), "infra", "kubernetes", "node-agent.yaml");

    [Fact]
    public void The_daemonset_mounts_the_kubelets_pod_resources_directory_where_the_agent_reads_its_socket()
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(ManifestPath)) stream.Load(reader);
        var daemonSet = stream.Documents.Select(d => (YamlMappingNode)d.RootNode).Single(d => Scalar(d, "kind") == "DaemonSet");
        var pod = Map(Map(Map(daemonSet, "spec"), "template"), "spec");
        var container = Assert.Single(Seq(pod, "containers").Cast<YamlMappingNode>());
        var env = Seq(container, "env").Cast<YamlMappingNode>().Where(e => e.Children.ContainsKey("value"))
            .ToDictionary(e => Scalar(e, "name"), e => Scalar(e, "value"));

        Assert.Equal("kubernetes", env["Allocations__Source"]);
        var socketPath = env["Allocations__Kubernetes__SocketPath"];
        Assert.Equal(new KubernetesOptions().SocketPath, socketPath);

        var mount = Assert.Single(Seq(container, "volumeMounts").Cast<YamlMappingNode>(),
            m => socketPath.StartsWith(Scalar(m, "mountPath") + "/", StringComparison.Ordinal));
        Assert.Equal("true", Scalar(mount, "readOnly"));
        var volume = Seq(pod, "volumes").Cast<YamlMappingNode>().Single(v => Scalar(v, "name") == Scalar(mount, "name"));
        // The kubelet's own directory on the node, mounted at the same path.
        Assert.Equal(Scalar(mount, "mountPath"), Scalar(Map(volume, "hostPath"), "path"));
        Assert.Equal("/var/lib/kubelet/pod-resources", Scalar(Map(volume, "hostPath"), "path"));
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static YamlSequenceNode Seq(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;
}
