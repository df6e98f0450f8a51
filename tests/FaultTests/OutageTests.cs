using GpuBilling.Testing;
using static FaultTests.FaultTests;

namespace FaultTests;

/// <summary>
/// Outages of the servers themselves, on a PostgreSQL and RabbitMQ of each test's own (stopping
/// the shared ones would break every other test), with the same exact check of the ledger after.
/// </summary>
public class OutageTests
{
    [Fact]
    public async Task RabbitMq_stopped_for_30_seconds_costs_delay_and_nothing_else_not_even_a_finalized_invoice()
    {
        await using var servers = await PrivateServers.StartAsync("broker-outage");
        var fleet = await Billing.FleetAsync(servers, "fault_broker_outage", nodes: 4, seconds: 600, secondsBeforeMidnight: 60, Allocations);
        await using var metering = fleet.StartMetering();
        await using var billing = await Billing.StartAsync(fleet);
        await using var agent = fleet.StartAgent(OneSecondPerMessage);

        var finalized = await billing.FinalizedInvoiceBeforeMidnightAsync();
        await WaitForSomeButNotAllAsync(fleet);
        await servers.TakeDownAsync("rabbitmq");
        await Task.Delay(TimeSpan.FromSeconds(30)); // the agents spool what they sample meanwhile
        await servers.BringUpAsync("rabbitmq");

        await AssertExactAsync(fleet, agent);
        await billing.AssertAccruedExactAsync();
        Assert.Equal(finalized, await billing.InvoiceBeforeMidnightAsync());
    }

    [Fact]
    public async Task PostgreSQL_restarted_under_two_metering_instances_costs_delay_and_nothing_else()
    {
        await using var servers = await PrivateServers.StartAsync("database-outage");
        var fleet = await SimulatedFleet.CreateAsync(servers, "fault_database_outage", nodes: 4, seconds: 600, Allocations);
        await using var first = fleet.StartMetering();
        await using var second = fleet.StartMetering();
        await using var agent = fleet.StartAgent(OneSecondPerMessage);

        await WaitForSomeButNotAllAsync(fleet);
        await servers.TakeDownAsync("postgres");
        await Task.Delay(TimeSpan.FromSeconds(15)); // batches fail, are rolled back and wait in the queue
        await servers.BringUpAsync("postgres");

        await AssertExactAsync(fleet, agent);
    }
}
