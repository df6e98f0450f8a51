using Metering.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodeAgent.Allocations;

namespace NodeAgent.Tests.Allocations;

public sealed class AllocationFileTests : IDisposable
{
    // Current() looks at the file at most every Recheck.Interval.
    private static readonly TimeSpan PastTheNextCheck = Recheck.Interval + TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider _clock = new();

    private const string Acme = """
        {
          "allocations": [
            { "gpuUuid": "GPU-0a1b", "tenantId": "acme", "workloadId": "train-7" },
            { "gpuUuid": "MIG-9f8e", "tenantId": "globex", "workloadId": "infer-2", "allocationClass": "spot" }
          ]
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("allocations-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string FilePath => Path.Combine(_directory, "allocations.json");

    /// <summary>A rewrite the file's modification time shows: the file system's clock is coarser than this test is fast.</summary>
    private void Rewrite(string json)
    {
        var before = File.GetLastWriteTimeUtc(FilePath);
        File.WriteAllText(FilePath, json);
        File.SetLastWriteTimeUtc(FilePath, before.AddSeconds(1));
    }

    private AllocationFile Open(string? path) => new(path, _clock, NullLogger<AllocationFile>.Instance);

    [Fact]
    public void Each_allocated_gpu_maps_to_its_tenant_workload_and_class_on_demand_unless_named()
    {
        File.WriteAllText(FilePath, Acme);

        var current = Open(FilePath).Current();

        Assert.Equal(2, current.Count);
        Assert.Equal(new GpuAllocation("acme", "train-7") { AllocationClass = "on-demand" }, current["GPU-0a1b"]);
        Assert.Equal(new GpuAllocation("globex", "infer-2") { AllocationClass = "spot" }, current["MIG-9f8e"]);
    }

    [Fact]
    public void A_gpu_the_file_does_not_name_is_unallocated()
    {
        File.WriteAllText(FilePath, Acme);

        var current = Open(FilePath).Current();

        Assert.NotEmpty(current);
        Assert.False(current.ContainsKey("GPU-ffff"));
    }

    [Fact]
    public void A_rewritten_file_is_picked_up()
    {
        File.WriteAllText(FilePath, Acme);
        var allocations = Open(FilePath);
        Assert.Equal(new GpuAllocation("acme", "train-7"), allocations.Current()["GPU-0a1b"]);

        _clock.Advance(PastTheNextCheck);
        Rewrite("""{ "allocations": [ { "gpuUuid": "GPU-0a1b", "tenantId": "initech", "workloadId": "eval-1" } ] }""");

        var (gpu, allocation) = Assert.Single(allocations.Current());
        Assert.Equal(("GPU-0a1b", new GpuAllocation("initech", "eval-1")), (gpu, allocation));
    }

    [Fact]
    public void A_rewrite_that_does_not_parse_keeps_the_previous_allocations()
    {
        File.WriteAllText(FilePath, Acme);
        var allocations = Open(FilePath);
        var before = allocations.Current();
        Assert.Equal(2, before.Count);

        _clock.Advance(PastTheNextCheck);
        Rewrite("""{ "allocations": [ { "gpuUuid": "GPU-0a1b", "tenantId": """);

        Assert.Equal(before, allocations.Current());
        Assert.Equal(new GpuAllocation("acme", "train-7"), allocations.Current()["GPU-0a1b"]);
    }

    [Fact]
    public void Without_a_file_nothing_is_allocated()
    {
        Assert.Empty(Open(FilePath).Current());
        Assert.Empty(Open(path: null).Current());
    }
}
