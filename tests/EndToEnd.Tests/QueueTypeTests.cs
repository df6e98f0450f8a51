using GpuBilling.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// Every work queue is a quorum queue, whoever declares it first. RabbitMQ refuses a declaration
/// whose queue type differs from the existing queue's, so an agent that declared a classic
/// `gpu-usage` before metering ever ran would lock metering out of its own queue (and the other
/// way round); here the agent runs first, and metering, pricing and invoicing start after it.
/// </summary>
public class QueueTypeTests
{
    private static readonly string[] BillingQueues =
        ["pricing-usage-recorded", "pricing-billing-terms-set", "invoicing-usage-recorded", "invoicing-period-rated"];

    [Fact]
    public async Task The_agent_declares_gpu_usage_as_the_quorum_queue_metering_consumes_and_the_billing_queues_are_quorum_too()
    {
        var fleet = await SimulatedFleet.CreateAsync("e2e_queue_types", nodes: 1, seconds: 20,
            new Allocation("tenant-a", 0, [0, 1, 2, 3]));

        await using (var agent = fleet.StartAgent())
            Assert.True(await agent.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, $"The agent failed:\n{agent.Output}");
        Assert.Equal("quorum", await Queues.TypeAsync(fleet.Name, "gpu-usage"));
        // The broker's queue statistics lag by seconds.
        await Eventually.AssertAsync(async () => Assert.True(await fleet.QueueDepthAsync() > 0, "The agent's reports should wait in the queue for metering."));

        await using var metering = fleet.StartMetering();
        await using var pricing = fleet.StartPricing();
        await using var invoicing = fleet.StartInvoicing();
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
