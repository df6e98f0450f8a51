using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Messaging;
using GpuBilling.Testing;
using MassTransit;
using Metering.Contracts;
using static Metering.Tests.Ingestion.Reports;

namespace Metering.Tests.Ingestion;

public sealed class NodeIdentityService() : MeteringService("metering_node_identity_tests");

/// <summary>A node reporting as a broker user of its own name may report only for itself.</summary>
public class NodeIdentityTests(NodeIdentityService metering) : IClassFixture<NodeIdentityService>
{
    [Fact]
    public async Task A_node_reports_for_itself_and_is_rejected_when_it_reports_for_another()
    {
        await using var node7 = await NodeBusAsync("node-7");
        await node7.Bus.Publish(Report("node-7", Enumerable.Range(0, 5), _ => [Gpu("GPU-7", "identity-tenant")]), MeteringService.AsBrokerUser("node-7"));
        await node7.Bus.Publish(Report("node-8", Enumerable.Range(0, 5), _ => [Gpu("GPU-8", "identity-tenant")]), MeteringService.AsBrokerUser("node-7"));
        await node7.Bus.Publish(Report("node-7", Enumerable.Range(10, 5), _ => [Gpu("GPU-7", "identity-tenant")]));

        List<QueuedMessage> rejected = [];
        await Eventually.AssertAsync(async () =>
        {
            rejected.AddRange(await Queues.TakeAsync(metering.Name, "gpu-usage-rejected"));
            Assert.Equal(2, rejected.Count);
        });
        Assert.Equal(
            [
                "Broker user 'node-7' may not report for node 'node-8'.",
                "The report for node 'node-7' carries no broker-validated user.",
            ],
            rejected.Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("message").GetProperty("reasons")[0]
                .GetProperty("problem").GetString()).Order());

        var client = await metering.ClientForAsync("identity-tenant");
        var window = $"from={Uri.EscapeDataString(LastHour.ToString("O"))}&to={Uri.EscapeDataString(LastHour.AddHours(1).ToString("O"))}";
        await Eventually.AssertAsync(async () =>
            Assert.Equal(5, (await client.GetFromJsonAsync<JsonElement>($"/v1/usage?{window}")).GetProperty("totalGpuSeconds").GetInt64()));
    }

    [Fact]
    public async Task The_broker_refuses_a_report_stamped_with_another_nodes_user()
    {
        await using var node7 = await NodeBusAsync("node-7b");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await Assert.ThrowsAnyAsync<Exception>(() =>
            node7.Bus.Publish(Report("node-8b", [0], _ => [Gpu("GPU-8", "identity-tenant")]), MeteringService.AsBrokerUser("node-8b"), timeout.Token));
    }

    private async Task<NodeBus> NodeBusAsync(string user)
    {
        using (var http = TestServers.Management())
        {
            (await http.PutAsJsonAsync($"api/users/{user}", new { password = "node-secret", tags = "" })).EnsureSuccessStatusCode();
            (await http.PutAsJsonAsync($"api/permissions/{metering.Name}/{user}", new { configure = ".*", write = ".*", read = ".*" }))
                .EnsureSuccessStatusCode();
        }
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, metering.Name, h =>
            {
                h.Username(user);
                h.Password("node-secret");
            });
            rabbit.PublishIntoWorkQueue<GpuUsageReported>("gpu-usage");
        });
        await bus.StartAsync();
        return new NodeBus(bus);
    }

    private sealed record NodeBus(IBusControl Bus) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Bus.StopAsync();
    }
}
