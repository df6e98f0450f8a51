using Fleet.Usage;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static Fleet.Tests.Given;

namespace Fleet.Tests.Usage;

public sealed class NodeHourUsageService() : FleetService("fleet_node_hour_tests");

public class NodeHourUsageTests(NodeHourUsageService fleet) : IClassFixture<NodeHourUsageService>
{
    [Fact]
    public void A_ledger_event_folds_into_its_node_hour_once()
    {
        var first = Sealed("node-1", February, Gpu("GPU-a", "tenant-a", "0-299"));
        var second = Sealed("node-1", February, Gpu("GPU-a", null, "300-599"));

        var usage = NodeHour(first, second, first);

        Assert.Equal(("node-1@2026-02-01T00Z", "node-1", February), (usage.Id, usage.NodeId, usage.Hour));
        Assert.Equal([first.LedgerEventId, second.LedgerEventId], usage.LedgerEvents);
        Assert.Equal(["0-299", "300-599"], usage.Windows.SelectMany(w => w.Gpus).Select(g => g.Seconds));
    }

    [Fact]
    public async Task Two_writers_of_one_node_hour_cannot_both_save_over_what_they_read()
    {
        var store = fleet.Services.GetRequiredService<IDocumentStore>();
        var hour = February.AddHours(3);
        await using (var setup = store.LightweightSession())
        {
            setup.Insert(NodeHour(Sealed("race-node", hour, Gpu("GPU-a", "tenant-a", "0-299"))));
            await setup.SaveChangesAsync();
        }

        await using var one = store.LightweightSession();
        await using var other = store.LightweightSession();
        var readByOne = await one.LoadAsync<NodeHourUsage>("race-node@2026-02-01T03Z");
        var readByOther = await other.LoadAsync<NodeHourUsage>("race-node@2026-02-01T03Z");
        one.Update(NodeHourUsage.Evolve(readByOne, Sealed("race-node", hour, Gpu("GPU-a", "tenant-a", "300-599"))));
        other.Update(NodeHourUsage.Evolve(readByOther, Sealed("race-node", hour, Gpu("GPU-a", "tenant-a", "600-899"))));
        await one.SaveChangesAsync();

        var lost = await Assert.ThrowsAnyAsync<Exception>(() => other.SaveChangesAsync());

        // The consumer's retries take it for a conflict and decide again against what won.
        Assert.True(StreamConflicts.IsConflict(lost), lost.ToString());
    }
}
