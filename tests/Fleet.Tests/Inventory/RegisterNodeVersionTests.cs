using Fleet.Inventory;
using GpuBilling.Decisions;
using GpuBilling.HashChains;
using static Fleet.Tests.Given;

namespace Fleet.Tests.Inventory;

public class RegisterNodeVersionTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 10, 9, 30, 0, TimeSpan.Zero);
    private static readonly HeldGpus EightH100 = new(H100, 8);

    private static RegisterNodeVersion Register(DateTimeOffset from, DateTimeOffset? until = null, params HeldGpus[] gpus) =>
        new("node-1", from, until, "fra-1", "dc-east", gpus.Length == 0 ? [EightH100] : gpus, Now, "ops@test");

    private static CommandRefused Refused(RegisterNodeVersion command, FleetNode? node = null) =>
        Assert.Throws<CommandRefused>(() => RegisterNodeVersionDecision.Decide(command, node));

    [Fact]
    public void The_first_version_registers_the_node_and_may_reach_into_the_past()
    {
        var registered = RegisterNodeVersionDecision.Decide(Register(February), null);

        Assert.Equal(("node-1", 1, February, "fra-1", "dc-east", Now), (registered.NodeId, registered.Version, registered.EffectiveFrom, registered.Site, registered.SupplierId, registered.RegisteredAt));
        Assert.Equal(HashChain.Seal(HashChain.Genesis, registered with { Hash = "" }).Hash, registered.Hash);
        var node = FleetNode.From([registered])!;
        Assert.Equal(("node:node-1", "node-1"), (node.Id, node.NodeId));
        Assert.Null(node.HeldAt(February.AddSeconds(-1)));
        Assert.Equal(1, node.HeldAt(February)!.Number);
    }

    [Fact]
    public void A_later_version_is_chained_to_the_one_before_and_holds_from_its_own_date()
    {
        var first = RegisterNodeVersionDecision.Decide(Register(February), null);
        var node = FleetNode.From([first])!;
        var retiredAt = February.AddDays(20);
        var second = RegisterNodeVersionDecision.Decide(Register(February.AddDays(10), retiredAt, new HeldGpus(H100, 4)), node);
        node = FleetNode.Evolve(node, second);

        Assert.Equal(HashChain.Seal(first.Hash, second with { Hash = "" }).Hash, second.Hash);
        Assert.Equal(8, node.HeldAt(February.AddDays(10).AddSeconds(-1))!.Gpus.Single().Count);
        Assert.Equal(4, node.HeldAt(February.AddDays(10))!.Gpus.Single().Count);
        Assert.Null(node.HeldAt(retiredAt));
    }

    [Fact]
    public void A_version_must_start_after_the_latest_one()
    {
        var node = FleetNode.From([RegisterNodeVersionDecision.Decide(Register(February.AddDays(5)), null)]);

        var refused = Refused(Register(February.AddDays(5)), node);

        Assert.Equal(Refusal.Invalid, refused.Reason);
        Assert.Equal("EffectiveFrom", Assert.Single(refused.Problems).Field);
    }

    [Fact]
    public void Malformed_versions_are_refused_naming_each_field()
    {
        var refused = Refused(new RegisterNodeVersion("node 1", February.AddMilliseconds(500), February.AddDays(-1), "", "dc/east",
            [new HeldGpus(H100, 0), new HeldGpus(H100, 2), new HeldGpus(A100, 1, "big-slice"), new HeldGpus(A100, 1, "1g.10gb", MigComputeSlices: 7)], Now, "ops@test"));

        Assert.Equal(
            ["EffectiveFrom", "Gpus", "Gpus[0].Count", "Gpus[2].MigProfile", "Gpus[3].MigComputeSlices", "NodeId", "Site", "SupplierId", "Until"],
            refused.Problems.Select(p => p.Field).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("1g.10gb", 1)]
    [InlineData("3g.40gb", 3)]
    [InlineData("7g.80gb", 7)]
    [InlineData("1c.3g.40gb", 3)]
    [InlineData("1g.10gb+me", 1)]
    public void A_slice_holds_the_compute_slices_its_profile_names(string profile, int slices) =>
        Assert.Equal(slices, MigShares.ComputeSlicesOf(profile));
}
