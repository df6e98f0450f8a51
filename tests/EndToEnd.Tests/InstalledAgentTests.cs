using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// The agents `make agent` builds (dist/node-agent-RID, published before the tests by
/// infra/scripts/test.sh): the x64 one is run as an operator installs it, the arm64 one, which
/// this machine cannot run, is checked to be a program for that processor.
/// </summary>
public class InstalledAgentTests
{
    private const ushort X86_64 = 62;
    private const ushort AArch64 = 183;

    [Fact]
    public async Task The_installed_x64_agent_runs_from_its_configuration_file_without_dotnet_and_reports_as_its_node()
    {
        var folder = PublishedAgent("linux-x64");
        var runtime = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "NodeAgent.runtimeconfig.json"))).RootElement;
        Assert.Equal(["Microsoft.AspNetCore.App", "Microsoft.NETCore.App"],
            runtime.GetProperty("runtimeOptions").GetProperty("includedFrameworks").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Order());

        const string vhost = "e2e_installed_agent";
        const int seconds = 5;
        await TestServers.CreateVirtualHostAsync(vhost);
        var node = await NodeUser.CreateAsync(vhost, SimulatedFleet.NodeId(0));
        await DeclareReportsQueueAsync(vhost);

        var work = Directory.CreateTempSubdirectory("installed-agent-");
        var passwordFile = Path.Combine(work.FullName, "broker-password");
        await File.WriteAllTextAsync(passwordFile, node.Password + "\n");
        var config = Path.Combine(work.FullName, "agent.json");
        await File.WriteAllTextAsync(config, $$"""
            // As an operator writes it: comments allowed, the password in a file of its own.
            {
              "Agent": { "Source": "simulated" },
              "Simulation": { "Nodes": 1, "GpusPerNode": 2, "StartAt": "{{DateTimeOffset.UtcNow.AddHours(-1):yyyy-MM-ddTHH:00:00Z}}", "DurationSeconds": {{seconds}}, "Realtime": false },
              "Allocations": { "Path": "{{Path.Combine(work.FullName, "allocations.json")}}" },
              "RabbitMq": {
                "Host": "{{TestServers.RabbitHost}}", "Port": {{TestServers.RabbitPort}}, "VirtualHost": "{{vhost}}",
                "Username": "{{node.Name}}", "PasswordFile": "{{passwordFile}}"
              },
              "Spool": { "Path": "{{Path.Combine(work.FullName, "spool")}}", "Fsync": false }
            }
            """);

        // Nothing of this machine's .NET: no dotnet on the path, no DOTNET_ROOT to find one by.
        await using var agent = ServiceProcess.StartInstalled(Path.Combine(folder, "NodeAgent"), ["--config", config],
            new Dictionary<string, string?> { ["PATH"] = "/usr/sbin:/sbin", ["HOME"] = work.FullName, ["DOTNET_ROOT"] = "/nonexistent" });
        using var http = new HttpClient { BaseAddress = await agent.ListeningAsync() };
        await Eventually.AssertAsync(async () =>
        {
            var ready = await http.GetAsync("/health/ready");
            Assert.True(ready.IsSuccessStatusCode, $"{ready.StatusCode}: {await ready.Content.ReadAsStringAsync()}\n{agent.Output}");
        });

        // The default report, compact: every sampled second once, in as many messages as its windows took.
        List<QueuedMessage> reports = [];
        await Eventually.AssertAsync(async () =>
        {
            reports.AddRange(await Queues.TakeAsync(vhost, "gpu-usage"));
            Assert.Equal(Enumerable.Range(0, seconds).Select(s => (long)s), reports.SelectMany(Sequences).Order());
        });
        Assert.All(reports, report =>
        {
            Assert.Equal(node.Name, report.Properties!["user_id"]);
            Assert.Equal("application/vnd.masstransit+json", report.Properties["content_type"]);
            var envelope = JsonDocument.Parse(report.Payload).RootElement;
            Assert.Equal(["urn:message:Metering.Contracts:GpuUsageWindowReported"], envelope.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal(node.Name, envelope.GetProperty("message").GetProperty("nodeId").GetString());
        });
    }

    /// <summary>The agent's sequence numbers a compact report carries, range by range.</summary>
    private static IEnumerable<long> Sequences(QueuedMessage report) =>
        JsonDocument.Parse(report.Payload).RootElement.GetProperty("message").GetProperty("seconds").EnumerateArray()
            .SelectMany(range => Enumerable.Range(0, range.GetProperty("count").GetInt32()).Select(i => range.GetProperty("firstSequence").GetInt64() + i));

    [Theory]
    [InlineData("linux-x64", X86_64)]
    [InlineData("linux-arm64", AArch64)]
    public async Task Each_agent_is_a_64_bit_program_for_its_processor_runtime_included(string rid, ushort machine)
    {
        var folder = PublishedAgent(rid);
        foreach (var program in new[] { "NodeAgent", "libcoreclr.so", "libhostfxr.so" })
            Assert.Equal((64, machine), await ElfClassAndMachineAsync(Path.Combine(folder, program)));
    }

    /// <summary>ELF header: magic, EI_CLASS at byte 4 (2 is 64-bit), e_machine at byte 18 (little-endian on both).</summary>
    private static async Task<(int Bits, ushort Machine)> ElfClassAndMachineAsync(string path)
    {
        var header = new byte[20];
        await using (var file = File.OpenRead(path)) await file.ReadExactlyAsync(header);
        Assert.Equal("\x7F" + "ELF", System.Text.Encoding.ASCII.GetString(header, 0, 4));
        return (header[4] == 2 ? 64 : 32, BitConverter.ToUInt16(header, 18));
    }

    private static string PublishedAgent(string rid)
    {
        var folder = Path.Combine(ServiceProcess.RepositoryRoot(), "dist", $"node-agent-{rid}");
        if (!File.Exists(Path.Combine(folder, "NodeAgent")))
            throw new InvalidOperationException($"{folder} has no agent: run `make agent-folders` (make test does) first.");
        return folder;
    }

    /// <summary>The queue metering declares when it starts, bound to the reports' exchange (which node-user.sh declared).</summary>
    private static async Task DeclareReportsQueueAsync(string vhost)
    {
        using var http = TestServers.Management();
        (await http.PutAsJsonAsync($"api/queues/{vhost}/gpu-usage", new { durable = true, arguments = new Dictionary<string, object> { ["x-queue-type"] = "quorum" } }))
            .EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"api/bindings/{vhost}/e/gpu-usage/q/gpu-usage", new { routing_key = "" })).EnsureSuccessStatusCode();
    }
}
