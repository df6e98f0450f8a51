using GpuBilling.Testing;
using GpuBilling.Testing.Kubernetes;
using Metering.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodeAgent.Allocations.Kubernetes;

namespace NodeAgent.Tests.Kubernetes;

/// <summary>The source against the published PodResources v1 protocol, served on a unix socket with pods that start and end.</summary>
public sealed class KubernetesAllocationsTests : IAsyncLifetime
{
    private const string Whole = "GPU-6f2a9c1e-0000-4000-8000-000000000001";
    private const string Shared = "GPU-6f2a9c1e-0000-4000-8000-000000000002";
    private const string Slice = "MIG-0b1c2d3e-0000-4000-8000-000000000003";

    private static readonly Devices[] Allocatable =
    [
        new("nvidia.com/gpu", Whole),
        new("nvidia.com/gpu.shared", $"{Shared}::0", $"{Shared}::1"),
        new("nvidia.com/mig-1g.10gb", Slice),
        new("example.com/fpga", "fpga-0"),
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("kubelet-").FullName;
    private TestKubelet _kubelet = null!;
    private KubernetesAllocations? _source;

    public async Task InitializeAsync() => _kubelet = await TestKubelet.StartAsync(_directory, Allocatable);

    public async Task DisposeAsync()
    {
        if (_source is not null)
        {
            await _source.StopAsync(CancellationToken.None);
            _source.Dispose();
        }
        await _kubelet.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<KubernetesAllocations> StartAsync(TimeSpan? maxStaleness = null, TimeProvider? clock = null)
    {
        _source = new KubernetesAllocations(
            new KubernetesOptions
            {
                SocketPath = _kubelet.SocketPath,
                PollInterval = TimeSpan.FromMilliseconds(50),
                MaxStaleness = maxStaleness ?? TimeSpan.FromSeconds(10),
                Namespaces =
                {
                    ["ml-research"] = new NamespaceRule { TenantId = "acme" },
                    ["batch"] = new NamespaceRule { TenantId = "globex", AllocationClass = "spot" },
                },
            },
            clock ?? TimeProvider.System, NullLogger<KubernetesAllocations>.Instance);
        await _source.StartAsync(CancellationToken.None);
        return _source;
    }

    [Fact]
    public async Task A_pods_gpu_and_mig_slice_are_billed_to_its_tenant_from_the_first_answer_and_to_nobody_once_it_ended()
    {
        var train = new Pod("ml-research", "train-0", new Devices("nvidia.com/gpu", Whole), new Devices("nvidia.com/mig-1g.10gb", Slice));
        _kubelet.Start(train);
        var source = await StartAsync();

        // The first answer is in before the source reports itself started.
        var acme = new GpuAllocation("acme", "ml-research/train-0");
        Assert.Equal(new Dictionary<string, GpuAllocation> { [Whole] = acme, [Slice] = acme }, source.Current());

        _kubelet.End(train);
        await Eventually.AssertAsync(() => Task.Run(() => Assert.Empty(source.Current())), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_pod_started_mid_run_is_billed_within_a_poll_and_devices_of_other_resources_are_not_gpus()
    {
        var source = await StartAsync();
        Assert.Empty(source.Current());

        _kubelet.Start(new Pod("batch", "sweep-7", new Devices("nvidia.com/gpu", Whole), new Devices("example.com/fpga", "fpga-0")));

        await Eventually.AssertAsync(() => Task.Run(() => Assert.Equal(
            new Dictionary<string, GpuAllocation> { [Whole] = new("globex", "batch/sweep-7") { AllocationClass = "spot" } },
            source.Current())), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Two_pods_sharing_a_time_sliced_gpu_take_alternate_seconds_and_one_that_ended_leaves_its_seconds_to_nobody()
    {
        var train = new Pod("ml-research", "train-0", new Devices("nvidia.com/gpu.shared", $"{Shared}::0"));
        var sweep = new Pod("batch", "sweep-7", new Devices("nvidia.com/gpu.shared", $"{Shared}::1"));
        _kubelet.Start(train);
        _kubelet.Start(sweep);
        var source = await StartAsync();
        var even = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        Assert.Equal(
            [new GpuAllocation("acme", "ml-research/train-0"), new GpuAllocation("globex", "batch/sweep-7") { AllocationClass = "spot" }],
            new[] { even, even.AddSeconds(1) }.Select(s => source.At(s)[Shared]));

        _kubelet.End(sweep);
        await Eventually.AssertAsync(() => Task.Run(() => Assert.Empty(source.At(even.AddSeconds(1)))), TimeSpan.FromSeconds(3));
        Assert.Equal(new GpuAllocation("acme", "ml-research/train-0"), source.At(even)[Shared]);
    }

    [Fact]
    public async Task When_the_kubelet_stops_answering_its_last_answer_stands_only_until_it_is_stale()
    {
        // Staleness is judged on the test's clock: a machine too busy to poll for a while must not decide it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var maxStaleness = TimeSpan.FromSeconds(10);
        _kubelet.Start(new Pod("ml-research", "train-0", new Devices("nvidia.com/gpu", Whole)));
        var source = await StartAsync(maxStaleness, clock);
        Assert.Single(source.Current());

        await _kubelet.DisposeAsync();
        _kubelet = await TestKubelet.StartAsync(Directory.CreateDirectory(Path.Combine(_directory, "elsewhere")).FullName);
        // The source still dials the old socket, which nothing serves now: each poll fails.
        clock.Advance(maxStaleness);
        Assert.Single(source.Current());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(source.Current());
    }
}
