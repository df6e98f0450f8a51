using GpuBilling.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// A node installed before metering has ever run loses nothing. Its broker user may declare
/// nothing, so nothing takes its reports yet: the broker returns them unroutable (the node's
/// `mandatory` flag), and they wait in its spool until metering has declared its queue. Metering
/// declares every work queue as a quorum queue; pricing and invoicing start after the agent too.
/// </summary>
public class BeforeMeteringRanTests
{
    private static readonly string[] BillingQueues =
        ["pricing-usage-recorded", "pricing-billing-terms-set", "invoicing-usage-recorded", "invoicing-period-rated"];

    [Fact]
    public async Task Reports_returned_unroutable_before_metering_ever_ran_wait_in_the_spool_and_reach_the_ledger_once_it_has()
    {
        var fleet = await SimulatedFleet.CreateAsync("e2e_before_metering", nodes: 1, seconds: 20,
            new Allocation("tenant-a", 0, [0, 1, 2, 3]));
        var node = await NodeUser.CreateAsync(fleet.Name, SimulatedFleet.NodeId(0));

        await using var agent = fleet.StartAgent(asUser: node);
        // Every second sampled, and at least one message back from the broker.
        await Task.WhenAll(agent.WhenPrintedAsync("The GPU source ended"), agent.WhenPrintedAsync("NO_ROUTE")).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.False(agent.HasExited, $"The agent stopped with reports it could not deliver:\n{agent.Output}");
        // Every second sampled waits in the spool, as the publisher's retries count them.
        await agent.WhenPrintedAsync($"Sending {fleet.Seconds} spooled seconds failed").WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Null(await Queues.TypeAsync(fleet.Name, "gpu-usage"));

        await using var metering = fleet.StartMetering();
        await using var pricing = fleet.StartPricing();
        await using var invoicing = fleet.StartInvoicing();
        Assert.True(await agent.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, $"The agent failed:\n{agent.Output}");
        Assert.Empty(Directory.EnumerateFiles(fleet.SpoolPath, "*.seg"));

        foreach (var queue in BillingQueues.Prepend("gpu-usage"))
            await Eventually.AssertAsync(async () =>
            {
                Assert.False(metering.HasExited || pricing.HasExited || invoicing.HasExited,
                    $"A service exited:\n{metering.Output}\n{pricing.Output}\n{invoicing.Output}");
                await Queues.ConsumerReadyAsync(fleet.Name, queue);
            }, TimeSpan.FromMinutes(3));
        Assert.Equal(
            BillingQueues.Prepend("gpu-usage").Select(q => (q, (string?)"quorum")),
            await Task.WhenAll(BillingQueues.Prepend("gpu-usage").Select(async q => (q, await Queues.TypeAsync(fleet.Name, q)))));
        await Eventually.AssertAsync(async () =>
            Assert.Equal(LedgerVerdict.Exact(fleet), await LedgerVerdict.OfAsync(fleet)), TimeSpan.FromMinutes(3));
    }
}
