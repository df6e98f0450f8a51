using GpuBilling.Testing;

namespace FaultTests;

/// <summary>
/// Each test breaks one thing while a simulated fleet streams through the real processes, then
/// checks the sealed ledger second by second against what the fleet's parameters imply (none
/// lost, none counted twice) and the tenants' usage read model against the same totals.
/// </summary>
public class FaultTests
{
    // One second per message: thousands of messages, so every fault lands mid-stream.
    internal const int OneSecondPerMessage = 1;

    internal static readonly Allocation[] Allocations =
    [
        new("tenant-a", 0, [0, 1, 2, 3, 4, 5, 6, 7]),
        new("tenant-a", 1, [0, 1, 2, 3]),
        new("tenant-b", 2, [0, 1, 2, 3, 4, 5]),
        new("tenant-b", 3, [7]),
    ];

    [Fact]
    public async Task Metering_killed_mid_batch_and_restarted_loses_nothing_counts_nothing_twice_and_changes_no_finalized_invoice()
    {
        var fleet = await Billing.FleetAsync(TestServers.Shared, "fault_metering_killed", nodes: 6, seconds: 600, secondsBeforeMidnight: 60, Allocations);
        var metering = fleet.StartMetering();
        await using var billing = await Billing.StartAsync(fleet);
        await using var agent = fleet.StartAgent(OneSecondPerMessage);

        var finalized = await billing.FinalizedInvoiceBeforeMidnightAsync();
        await WaitForSomeButNotAllAsync(fleet);
        await metering.DisposeAsync(); // SIGKILL: no graceful shutdown, batches in flight are lost with the process
        await using var restarted = fleet.StartMetering();

        await AssertExactAsync(fleet, agent);
        await billing.AssertAccruedExactAsync();
        Assert.Equal(finalized, await billing.InvoiceBeforeMidnightAsync());
    }

    [Fact]
    public async Task Two_metering_instances_consuming_at_once_count_every_second_once()
    {
        var fleet = await SimulatedFleet.CreateAsync("fault_two_instances", nodes: 6, seconds: 600, Allocations);
        await using var first = fleet.StartMetering();
        await using var second = fleet.StartMetering();
        await using var agent = fleet.StartAgent(OneSecondPerMessage);

        await AssertExactAsync(fleet, agent);
    }

    [Fact]
    public async Task An_agent_killed_and_restarted_resends_what_was_not_confirmed_and_nothing_is_counted_twice()
    {
        var fleet = await SimulatedFleet.CreateAsync("fault_agent_killed", nodes: 6, seconds: 600, Allocations);
        await using var metering = fleet.StartMetering();
        var agent = fleet.StartAgent(OneSecondPerMessage);

        await WaitForSomeButNotAllAsync(fleet);
        await agent.DisposeAsync();
        // The restarted agent finds its unconfirmed seconds in the spool and, replaying the same
        // simulated hour, samples every second again: duplicates on purpose, in bulk.
        await using var restarted = fleet.StartAgent(OneSecondPerMessage);

        await AssertExactAsync(fleet, restarted);
    }

    internal static async Task WaitForSomeButNotAllAsync(SimulatedFleet fleet)
    {
        var all = Allocations.Sum(a => (long)a.Gpus.Length) * fleet.Seconds;
        long recorded = 0;
        await Eventually.AssertAsync(async () =>
        {
            recorded = await RecordedGpuSecondsAsync(fleet);
            Assert.True(recorded > 0, "Nothing recorded yet.");
        }, TimeSpan.FromMinutes(2));
        Assert.True(recorded < all, $"The whole fleet ({recorded} GPU-seconds) was recorded before the fault: it did not land mid-stream.");
    }

    internal static async Task AssertExactAsync(SimulatedFleet fleet, ServiceProcess agent)
    {
        Assert.True(await agent.WaitForExitAsync(TimeSpan.FromMinutes(5)) == 0, $"The agent failed:\n{agent.Output}");
        // The ledger itself is waited for: the broker's queue statistics lag by seconds, so an
        // empty queue and intake can be read while reports are still being redelivered after the fault.
        await Eventually.AssertAsync(async () =>
        {
            Assert.Equal(0, await fleet.QueueDepthAsync());
            Assert.Equal(0, await fleet.ScalarAsync("select count(*) from metering.intake"));
            Assert.Equal(LedgerVerdict.Exact(fleet), await LedgerVerdict.OfAsync(fleet));
        }, TimeSpan.FromMinutes(3));
        foreach (var tenant in new[] { "tenant-a", "tenant-b" })
            Assert.Equal(fleet.ExpectedGpuSeconds(tenant),
                await fleet.ScalarAsync($"select coalesce(sum(gpu_seconds), 0) from metering.usage_buckets where tenant_id = '{tenant}'"));
        Assert.Equal(0, await fleet.QueueDepthAsync("gpu-usage_error"));
    }

    private static Task<long> RecordedGpuSecondsAsync(SimulatedFleet fleet) =>
        fleet.ScalarAsync("select coalesce(sum(gpu_seconds), 0) from metering.usage_buckets");
}
