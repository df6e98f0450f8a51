using Metering.Contracts;
using NodeAgent.Allocations.Kubernetes;

namespace NodeAgent.Tests.Kubernetes;

public sealed class DeviceSharesTests
{
    private static readonly GpuAllocation Acme = new("acme", "ml/train-0");
    private static readonly GpuAllocation Globex = new("globex", "infer/api-1") { AllocationClass = "spot" };

    private static string[] Replicas(string gpu, int count) => [.. Enumerable.Range(0, count).Select(i => $"{gpu}::{i}")];

    [Fact]
    public void A_whole_gpu_and_a_mig_slice_are_billed_to_their_holders_every_second()
    {
        var shares = DeviceShares.Of(
            [new("GPU-1", Acme), new("MIG-2", Globex)],
            ["GPU-1", "GPU-2", "MIG-2"]);

        foreach (var second in new long[] { 1_700_000_000, 1_700_000_001 })
            Assert.Equal(new Dictionary<string, GpuAllocation> { ["GPU-1"] = Acme, ["MIG-2"] = Globex }, shares.At(second));
    }

    [Fact]
    public void Replica_k_of_n_owns_the_seconds_t_with_t_mod_n_equal_to_k_so_the_shares_of_one_gpu_sum_to_one_gpu_second()
    {
        // Four replicas: acme holds two of them, globex one, the fourth is free.
        var shares = DeviceShares.Of(
            [new("GPU-S::0", Acme), new("GPU-S::2", Acme), new("GPU-S::3", Globex)],
            Replicas("GPU-S", 4));

        var holders = Enumerable.Range(0, 400).Select(t => shares.At(t).GetValueOrDefault("GPU-S")).ToList();

        Assert.Equal([Acme, null, Acme, Globex], holders.Take(4));
        Assert.Equal((200, 100, 100), (holders.Count(h => h == Acme), holders.Count(h => h == Globex), holders.Count(h => h is null)));
    }

    [Fact]
    public void A_held_replica_the_kubelet_no_longer_advertises_still_takes_its_share()
    {
        var shares = DeviceShares.Of([new("GPU-S::2", Acme)], Replicas("GPU-S", 2));

        Assert.Equal([null, null, Acme], Enumerable.Range(0, 3).Select(t => shares.At(t).GetValueOrDefault("GPU-S")));
    }

    [Fact]
    public void A_device_held_by_a_pod_no_rule_bills_is_billed_to_nobody()
    {
        var shares = DeviceShares.Of([new("GPU-1", null), new("GPU-S::0", null)], ["GPU-1", .. Replicas("GPU-S", 2)]);

        Assert.Empty(shares.At(0));
    }

    [Theory]
    [InlineData("GPU-8a1b::3", "GPU-8a1b", 3)]
    [InlineData("MIG-5c7d::0", "MIG-5c7d", 0)]
    public void A_replica_id_splits_into_its_device_and_index(string id, string gpu, int index) =>
        Assert.Equal((gpu, index), DeviceShares.Split(id));

    [Theory]
    [InlineData("GPU-8a1b")]
    [InlineData("GPU-8a1b::")]
    [InlineData("GPU-8a1b::-1")]
    [InlineData("::1")]
    public void A_whole_device_id_is_no_replica(string id) => Assert.Null(DeviceShares.Split(id));
}
