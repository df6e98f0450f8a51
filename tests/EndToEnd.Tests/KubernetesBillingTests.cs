using GpuBilling.Testing;
using GpuBilling.Testing.Kubernetes;
using static GpuBilling.Testing.SimulatedFleet;

namespace EndToEnd.Tests;

/// <summary>
/// A Kubernetes node end to end: the real agent reads who holds which device from the kubelet's
/// PodResources socket (the test's kubelet, speaking the published v1 protocol) while pods start
/// and end during the run, and the ledger metering seals must bill each tenant the seconds its
/// pods held each device, computed here from the moments the test started and ended them, within
/// the documented rule of at most one second at each pod's start and end. The simulated node's
/// GPUs stand in for the driver's: a whole GPU, a MIG resource and a time-sliced GPU.
/// </summary>
public class KubernetesBillingTests
{
    private const int RunSeconds = 12;
    private const string TimeSliced = "nvidia.com/gpu.shared";

    [Fact]
    public async Task Each_tenant_is_billed_the_seconds_its_pods_held_each_device_and_no_gpu_twice_in_a_second()
    {
        var work = Directory.CreateTempSubdirectory("e2e-kubelet-");
        var fleet = await SimulatedFleet.CreateAsync(TestServers.Shared, "e2e_kubernetes", DateTimeOffset.UtcNow, nodes: 1, seconds: RunSeconds);
        string Gpu(int g) => GpuUuid(0, g);
        await using var kubelet = await TestKubelet.StartAsync(work.FullName,
            new Devices("nvidia.com/gpu", Gpu(0), Gpu(1)),
            new Devices("nvidia.com/mig-1g.10gb", Gpu(4)),
            new Devices(TimeSliced, $"{Gpu(5)}::0", $"{Gpu(5)}::1"));

        var training = new Pod("ml-research", "train-0", new Devices("nvidia.com/gpu", Gpu(0)));
        var sweep = new Pod("batch", "sweep-7", new Devices("nvidia.com/gpu", Gpu(1)));
        var inference = new Pod("ml-research", "infer-2", new Devices("nvidia.com/mig-1g.10gb", Gpu(4)));
        var notebook = new Pod("ml-research", "notebook", new Devices(TimeSliced, $"{Gpu(5)}::0"));
        var sharedSweep = new Pod("batch", "sweep-8", new Devices(TimeSliced, $"{Gpu(5)}::1"));
        var held = new List<Holding>();
        Holding Started(Pod pod, string tenant, DateTimeOffset at, int? replica = null) { var h = new Holding(pod, tenant, at, replica); held.Add(h); return h; }

        await using var metering = fleet.StartMetering();
        var trainingHolding = Started(training, "tenant-a", kubelet.Start(training));
        var notebookHolding = Started(notebook, "tenant-a", kubelet.Start(notebook), replica: 0);
        await using var agent = fleet.StartAgent(settings: new Dictionary<string, string?>
        {
            // In real time from the second the agent starts: a busy machine can take seconds to start it.
            ["Simulation:StartAt"] = null,
            ["Simulation:Realtime"] = "true",
            ["Allocations:Source"] = "kubernetes",
            ["Allocations:Kubernetes:SocketPath"] = kubelet.SocketPath,
            ["Allocations:Kubernetes:Namespaces:ml-research:TenantId"] = "tenant-a",
            ["Allocations:Kubernetes:Namespaces:batch:TenantId"] = "tenant-b",
            ["Allocations:Kubernetes:Namespaces:batch:AllocationClass"] = "spot",
        });

        // The agent samples from before it listens; from then on the pods' lifetimes are the
        // scenario, each change at its moment of the run.
        await agent.ListeningAsync();
        var t0 = DateTimeOffset.UtcNow;
        await UntilAsync(t0.AddSeconds(1.5));
        var inferenceHolding = Started(inference, "tenant-a", kubelet.Start(inference));
        await UntilAsync(t0.AddSeconds(2.5));
        var sweepHolding = Started(sweep, "tenant-b", kubelet.Start(sweep));
        var sharedHolding = Started(sharedSweep, "tenant-b", kubelet.Start(sharedSweep), replica: 1);
        await UntilAsync(t0.AddSeconds(5.5));
        trainingHolding.EndedAt = kubelet.End(training);
        await UntilAsync(t0.AddSeconds(7.5));
        inferenceHolding.EndedAt = kubelet.End(inference);
        sharedHolding.EndedAt = kubelet.End(sharedSweep);

        Assert.True(await agent.WaitForExitAsync(TimeSpan.FromMinutes(1)) == 0, $"The agent failed:\n{agent.Output}");
        List<LedgerSecond> ledger = [];
        await Eventually.AssertAsync(async () =>
        {
            ledger = await LedgerAudit.ReadAsync(fleet.Database);
            Assert.Equal(8 * RunSeconds, ledger.Count);
        }, TimeSpan.FromMinutes(1));

        // Every GPU of the node is in the ledger once each second of the run, held by one tenant or
        // by nobody. The run is the seconds the agent sampled, from the one it started in.
        Assert.Equal(ledger.Count, ledger.Select(s => (s.GpuUuid, s.Second)).Distinct().Count());
        var start = ledger.Min(s => s.Second);
        Assert.True(start <= t0, $"The agent's first second {start:O} is after it listened at {t0:O}");
        var runSeconds = Enumerable.Range(0, RunSeconds).Select(s => start.AddSeconds(s)).ToHashSet();
        Assert.Equal(runSeconds, ledger.Select(s => s.Second).ToHashSet());
        Assert.DoesNotContain(ledger, s => s.TenantId is not null && !held.Any(h => h.Gpu == s.GpuUuid));

        foreach (var holding in held)
        {
            var billed = ledger.Where(s => s.GpuUuid == holding.Gpu && s.TenantId == holding.Tenant).Select(s => s.Second).ToHashSet();
            var (must, may) = holding.Seconds(runSeconds);
            Assert.True(must.IsSubsetOf(billed) && billed.IsSubsetOf(may),
                $"{holding}: billed {Runs(billed, start)}, must bill {Runs(must, start)}, may bill {Runs(may, start)}");
        }
        Assert.NotEmpty(notebookHolding.Seconds(runSeconds).Must);
    }

    /// <summary>
    /// A pod holding a device (one replica of a time-sliced GPU: the seconds t with t mod 2 equal to
    /// it) from <see cref="StartedAt"/> to <see cref="EndedAt"/>. Second t is [t, t+1).
    /// </summary>
    private sealed record Holding(Pod Pod, string Tenant, DateTimeOffset StartedAt, int? Replica)
    {
        public DateTimeOffset? EndedAt { get; set; }

        public string Gpu => Pod.Devices[0].DeviceIds[0].Split("::")[0];

        /// <summary>
        /// Must: every second wholly inside the holding, less the last (a pod ending just before
        /// the sampler stamps its second). May: every second touching the holding widened by one
        /// second at each end. Both only of the replica's own seconds.
        /// </summary>
        public (HashSet<DateTimeOffset> Must, HashSet<DateTimeOffset> May) Seconds(IEnumerable<DateTimeOffset> run)
        {
            var end = EndedAt ?? DateTimeOffset.MaxValue.AddDays(-1);
            var own = run.Where(t => Replica is not { } r || t.ToUnixTimeSeconds() % 2 == r).ToList();
            return (
                own.Where(t => t >= StartedAt && t.AddSeconds(2) <= end).ToHashSet(),
                own.Where(t => t.AddSeconds(1) > StartedAt.AddSeconds(-1) && t < end.AddSeconds(1)).ToHashSet());
        }

        public override string ToString() => $"{Pod.Namespace}/{Pod.Name} on {Gpu} for {Tenant}";
    }

    private static string Runs(IEnumerable<DateTimeOffset> seconds, DateTimeOffset start) =>
        string.Join(",", seconds.Select(s => (s - start).TotalSeconds).Order());

    private static async Task UntilAsync(DateTimeOffset moment)
    {
        var wait = moment - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }
}
