using System.Text.Json;
using GpuBilling.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace EndToEnd.Tests;

/// <summary>
/// Metering running (it declares the reports' exchange and queue) and a node's broker user made by
/// the operator's command. The node is simulated node 0, its fleet has a node 1 as well.
/// </summary>
public sealed class NodeUserFleet : IAsyncLifetime
{
    public SimulatedFleet Fleet { get; private set; } = null!;
    public NodeUser Node { get; private set; } = null!;
    public ServiceProcess Metering { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fleet = await SimulatedFleet.CreateAsync("e2e_node_users", nodes: 2, seconds: 10,
            new Allocation("tenant-a", 0, [0, 1]),
            new Allocation("tenant-b", 1, [0, 1]));
        Node = await NodeUser.CreateAsync(Fleet.Name, SimulatedFleet.NodeId(0));
        Metering = Fleet.StartMetering();
        await Queues.ConsumerReadyAsync(Fleet.Name, "gpu-usage");
    }

    public async Task DisposeAsync() => await Metering.DisposeAsync();

    public Task<IConnection> ConnectAsNodeAsync(NodeUser? user = null) => new ConnectionFactory
    {
        HostName = TestServers.RabbitHost,
        Port = TestServers.RabbitPort,
        VirtualHost = Fleet.Name,
        UserName = (user ?? Node).Name,
        Password = (user ?? Node).Password,
    }.CreateConnectionAsync();
}

/// <summary>
/// A node's broker user may write reports to the reports' exchange and do nothing else, and may
/// report only for its own node: the broker refuses everything else by closing the channel, and
/// metering rejects a report for another node.
/// </summary>
public class NodeUserTests(NodeUserFleet nodes) : IClassFixture<NodeUserFleet>
{
    private const string ReportsExchange = "gpu-usage";

    private string VirtualHost => nodes.Fleet.Name;
    private string User => nodes.Node.Name;

    [Theory]
    [InlineData("gpu-usage")]
    [InlineData("gpu-usage-rejected")]
    public async Task A_node_user_cannot_read_a_queue(string queue)
    {
        Assert.Equal(AccessRefused("queue", queue), await RefusedAsync(channel => channel.BasicGetAsync(queue, autoAck: true)));
        Assert.Equal(AccessRefused("queue", queue),
            await RefusedAsync(channel => channel.BasicConsumeAsync(queue, autoAck: true, new AsyncEventingBasicConsumer(channel))));
    }

    [Fact]
    public async Task A_node_user_cannot_declare_or_bind_anything()
    {
        Assert.Equal(AccessRefused("queue", "mine"), await RefusedAsync(channel => channel.QueueDeclareAsync("mine", durable: true, exclusive: false, autoDelete: false)));
        Assert.Equal(AccessRefused("exchange", "mine"), await RefusedAsync(channel => channel.ExchangeDeclareAsync("mine", ExchangeType.Fanout)));
        // Not even the reports' own exchange, declared exactly as metering declares it.
        Assert.Equal(AccessRefused("exchange", ReportsExchange),
            await RefusedAsync(channel => channel.ExchangeDeclareAsync(ReportsExchange, ExchangeType.Fanout, durable: true, autoDelete: false)));
        // Binding reads from the exchange.
        Assert.Equal(AccessRefused("exchange", ReportsExchange), await RefusedAsync(channel => channel.QueueBindAsync("gpu-usage", ReportsExchange, "")));
    }

    [Fact]
    public async Task A_node_user_cannot_write_to_any_other_exchange()
    {
        // The default exchange would put a message into any queue named by its routing key.
        Assert.Equal(AccessRefused("exchange", "amq.default"), await RefusedAsync(channel => PublishAsync(channel, "", "pricing-usage-recorded", User)));
        Assert.Equal(AccessRefused("exchange", "amq.fanout"), await RefusedAsync(channel => PublishAsync(channel, "amq.fanout", "", User)));
    }

    [Fact]
    public async Task The_broker_refuses_a_report_stamped_with_another_nodes_user()
    {
        var other = SimulatedFleet.NodeId(1);
        Assert.Equal(((ushort)406, $"PRECONDITION_FAILED - user_id property set to '{other}' but authenticated user was '{User}'"),
            await RefusedAsync(channel => PublishAsync(channel, ReportsExchange, "", other)));
    }

    [Fact]
    public async Task Metering_records_the_nodes_own_seconds_and_rejects_those_it_sends_for_another_node()
    {
        await using var agent = nodes.Fleet.StartAgent(maxSecondsPerMessage: 5, asUser: nodes.Node);
        Assert.True(await agent.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, $"The agent failed:\n{agent.Output}");

        var own = nodes.Fleet.ExpectedAllocatedSeconds().Where(s => s.NodeId == User).ToHashSet();
        await Eventually.AssertAsync(async () => Assert.Equal(own.Count, (await LedgerAudit.ReadAsync(nodes.Fleet.Database)).Count(s => s.TenantId is not null)));
        var ledger = await LedgerAudit.ReadAsync(nodes.Fleet.Database);
        Assert.True(own.SetEquals(ledger.Where(s => s.TenantId is not null)), "The ledger should hold exactly the node's own allocated seconds.");
        Assert.DoesNotContain(ledger, s => s.NodeId != User);

        // Every one of node 1's seconds rejected, for that reason alone; a retried batch may reject a report twice.
        // The agent sends compact reports (its default), kept whole in the rejection's `windowReport`.
        var other = SimulatedFleet.NodeId(1);
        List<JsonElement> rejected = [];
        await Eventually.AssertAsync(async () =>
        {
            rejected.AddRange((await Queues.TakeAsync(VirtualHost, "gpu-usage-rejected")).Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("message")));
            Assert.Equal(Enumerable.Range(0, nodes.Fleet.Seconds).Select(s => (long)s),
                rejected.SelectMany(r => r.GetProperty("windowReport").GetProperty("seconds").EnumerateArray()
                    .SelectMany(range => Enumerable.Range(0, range.GetProperty("count").GetInt32()).Select(i => range.GetProperty("firstSequence").GetInt64() + i)))
                    .Distinct().Order());
        });
        Assert.All(rejected, rejection =>
        {
            Assert.Equal(other, rejection.GetProperty("windowReport").GetProperty("nodeId").GetString());
            Assert.Equal([$"Broker user '{User}' may not report for node '{other}'."],
                rejection.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("problem").GetString()));
        });
    }

    [Fact]
    public async Task A_new_nodes_user_added_from_several_places_at_once_is_made()
    {
        // Of simultaneous creations of one new user, the broker refuses all but the first as duplicates.
        // The race is narrow, so it is run for several new users.
        foreach (var node in Enumerable.Range(0, 5).Select(_ => $"node-{Guid.NewGuid():N}"))
        {
            var added = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => NodeUser.CreateAsync(VirtualHost, node)));
            try
            {
                // The broker opens a virtual host only to a user with rights in it.
                await using var connection = await nodes.ConnectAsNodeAsync(added[0]);
                Assert.True(connection.IsOpen);
            }
            finally
            {
                await added[0].RemoveAsync();
            }
        }
    }

    private (ushort, string) AccessRefused(string kind, string name) =>
        (403, $"ACCESS_REFUSED - access to {kind} '{name}' in vhost '{VirtualHost}' refused for user '{User}'");

    /// <summary>What the broker said when it closed the channel on <paramref name="attempt"/>.</summary>
    private async Task<(ushort Code, string Text)> RefusedAsync(Func<IChannel, Task> attempt)
    {
        await using var connection = await nodes.ConnectAsNodeAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await Assert.ThrowsAnyAsync<RabbitMQClientException>(() => attempt(channel));
        await Eventually.AssertAsync(() =>
        {
            Assert.True(channel.IsClosed, "The broker should have closed the channel.");
            return Task.CompletedTask;
        });
        return (channel.CloseReason!.ReplyCode, channel.CloseReason.ReplyText);
    }

    /// <summary>The broker refuses before anyone reads the body, so it need not be a report.</summary>
    private static async Task PublishAsync(IChannel channel, string exchange, string routingKey, string userId) =>
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, new BasicProperties { UserId = userId }, "{}"u8.ToArray());
}
