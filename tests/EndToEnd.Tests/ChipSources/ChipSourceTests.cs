using System.Runtime.Versioning;
using GpuBilling.Testing;

namespace EndToEnd.Tests.ChipSources;

/// <summary>
/// Each real-chip source end to end: the real agent reads a stand-in for the vendor tool that
/// answers with recorded real output (a script for nvidia-smi, npu-smi and amd-smi, an HTTP
/// endpoint for dcgm-exporter), joins an allocation file, and publishes through RabbitMQ to metering, whose
/// ledger is then read the way an auditor would. These sources run on the real clock and never
/// end, so the agent runs until the ledger holds a few seconds of its node and is then stopped;
/// every second the ledger holds must be whole: each allocated chip billed to its tenant, the
/// unallocated chip to nobody. The figures come from the allocation file and the chips the
/// recording shows, never from the system's own counters.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ChipSourceTests(ChipSourceServers servers) : IClassFixture<ChipSourceServers>
{
    private const int AtLeastSeconds = 5;

    private static string Recorded(string source, string file) =>
        Path.Combine(AppContext.BaseDirectory, "Recorded", source, "Recorded", file);

    [Fact]
    public async Task An_nvidia_node_read_through_nvidia_smi_bills_each_mig_slice_every_second()
    {
        // The recording is an H100 partitioned into four MIG devices: the slices are billed, the
        // GPU itself never (docs: Sources, nvidia-smi). Its UUIDs are the capture tool's masks.
        var node = new ChipNode("nvidia-smi", "nvidia-node-1", new Dictionary<string, string?>
        {
            ["MIG-00000000-0000-0000-0000-000000000000"] = "tenant-a",
            ["MIG-00000001-0000-0000-0000-000000000001"] = "tenant-b",
            ["MIG-00000002-0000-0000-0000-000000000002"] = "tenant-a",
            ["MIG-00000003-0000-0000-0000-000000000003"] = null,
        });
        var nvidiaSmi = NvidiaSmiStandIn(node, "list-h100-mig.txt", "query-h100-mig-load.csv");

        await RunAndAssertLedgerAsync(node, new Dictionary<string, string?> { ["NvidiaSmi:Path"] = nvidiaSmi, ["NvidiaSmi:NodeId"] = node.NodeId });
    }

    [Fact]
    public async Task An_nvidia_node_read_through_nvidia_smi_bills_a_whole_gpu_every_second()
    {
        var node = new ChipNode("nvidia-smi", "nvidia-node-2", new Dictionary<string, string?>
        {
            ["GPU-00000000-0000-0000-0000-000000000000"] = "tenant-c",
        });
        var nvidiaSmi = NvidiaSmiStandIn(node, "list-h100.txt", "query-h100-load.csv");

        await RunAndAssertLedgerAsync(node, new Dictionary<string, string?> { ["NvidiaSmi:Path"] = nvidiaSmi, ["NvidiaSmi:NodeId"] = node.NodeId });
    }

    [Fact]
    public async Task An_ascend_node_read_through_npu_smi_bills_each_chip_under_its_card_serial_every_second()
    {
        // The recording shows three 910B2C chips; the third's card answers no board query, so the
        // agent leaves it out (docs: Sources, npu-smi identity) and it must appear nowhere.
        var node = new ChipNode("npu-smi", "ascend-node-1", new Dictionary<string, string?>
        {
            ["NPU-102415083974-0"] = "tenant-a",
            ["NPU-1025C9048791-0"] = null,
        });
        var npuSmi = StandIn(node, "npu-smi", $"""
            case "$*" in
              "info") cat '{Recorded("Ascend", "info-910b2c.txt")}' ;;
              "info -t board -i 0") cat '{Recorded("Ascend", "board-910b2c-npu0.txt")}' ;;
              "info -t board -i 1") cat '{Recorded("Ascend", "board-910b-bin5.txt")}' ;;
              *) exit 1 ;;
            esac
            """);

        await RunAndAssertLedgerAsync(node, new Dictionary<string, string?> { ["NpuSmi:Path"] = npuSmi, ["NpuSmi:NodeId"] = node.NodeId });
    }

    [Fact]
    public async Task An_amd_node_read_through_amd_smi_bills_its_gpu_every_second()
    {
        // The only real amd-smi recording with both a metric and a static answer for the same GPU
        // shows one GPU, with no serial and no bus address: it is billed under the node and its index.
        var node = new ChipNode("amd-smi", "amd-node-1", new Dictionary<string, string?> { ["AMD-amd-node-1-gpu0"] = "tenant-b" });
        var amdSmi = StandIn(node, "amd-smi", $"""
            case "$1" in
              metric) cat '{Recorded("Amd", "metric-power.json")}' ;;
              static) cat '{Recorded("Amd", "static-mi210.json")}' ;;
              *) exit 1 ;;
            esac
            """);

        await RunAndAssertLedgerAsync(node, new Dictionary<string, string?> { ["AmdSmi:Path"] = amdSmi, ["AmdSmi:NodeId"] = node.NodeId });
    }

    [Fact]
    public async Task A_dcgm_exporter_node_bills_whole_gpus_and_mig_instances_every_second()
    {
        const string partitioned = "GPU-1f027ee8-6e1e-2b8c-0108-3d370e5f0418";
        var node = new ChipNode("dcgm-exporter", "dcgm-node-1", new Dictionary<string, string?>
        {
            [$"MIG-{partitioned}/3"] = "tenant-a",
            [$"MIG-{partitioned}/5"] = "tenant-b",
            [$"MIG-{partitioned}/6"] = null,
            ["GPU-9e5b8fec-61bf-5124-a0a9-079af1b65cc6"] = "tenant-a",
            ["GPU-5022ce43-b44a-987b-71c3-dee05378a618"] = "tenant-a",
            ["GPU-f22db14d-1597-8eb1-78dc-d93765918c73"] = "tenant-b",
            ["GPU-a878a9f3-cf6d-b94c-38ba-892ed140c7ee"] = null,
            ["GPU-a1dd6923-de62-e22b-c882-4d6f7e1ec5ce"] = null,
            ["GPU-c07eb90d-74b0-d3b4-e6ce-f18687564243"] = null,
            ["GPU-4e75c9ab-0ed7-8a57-75f5-23761b9f053f"] = null,
        });
        var answer = string.Concat(new[] { "a800-mig-power-to-util.txt", "a800-mig-fb-used.txt", "a800-mig-gr-engine-active.txt" }
            .Select(file => File.ReadAllText(Recorded("Dcgm", file))));
        await using var exporter = await RecordedExporter.StartAsync(answer);

        await RunAndAssertLedgerAsync(node, new Dictionary<string, string?>
        {
            ["DcgmExporter:Url"] = exporter.MetricsUrl.ToString(),
            ["DcgmExporter:NodeId"] = node.NodeId,
        });
    }

    private async Task RunAndAssertLedgerAsync(ChipNode node, IReadOnlyDictionary<string, string?> sourceSettings)
    {
        await using (var agent = servers.StartAgent(node, sourceSettings))
        {
            await Eventually.AssertAsync(async () =>
            {
                if (agent.HasExited) throw new WillNeverHold($"The agent exited:\n{agent.Output}");
                var seconds = (await servers.LedgerOfAsync(node.NodeId)).Select(s => s.Second).Distinct().Count();
                Assert.True(seconds >= AtLeastSeconds, $"The ledger holds {seconds} seconds of {node.NodeId} so far.\n{agent.Output}");
            }, TimeSpan.FromMinutes(2));
        }
        await servers.DrainedAsync();

        var ledger = await servers.LedgerOfAsync(node.NodeId);
        var bySecond = ledger.GroupBy(s => s.Second).OrderBy(g => g.Key).ToList();
        Assert.All(bySecond, second => Assert.Equal(node.ExpectedSecond, second.Select(s => (s.GpuUuid, s.TenantId)).ToHashSet()));
        Assert.Equal(ledger.Count, ledger.Distinct().Count());

        var seconds = bySecond.Count;
        Assert.True(seconds >= AtLeastSeconds, $"Only {seconds} seconds of {node.NodeId} reached the ledger.");
        Assert.Equal(TimeSpan.FromSeconds(seconds - 1), bySecond[^1].Key - bySecond[0].Key);
        Assert.Equal(
            node.ChipsByTenant.ToDictionary(t => t.Key, t => (long)t.Value * seconds),
            ledger.Where(s => s.TenantId is not null).GroupBy(s => s.TenantId!).ToDictionary(g => g.Key, g => (long)g.Count()));
    }

    /// <summary>
    /// nvidia-smi answering with one recorded machine: <c>-L</c> with its listing, and
    /// <c>--query-gpu ... --loop-ms=N</c> as the real tool does, the header once and then a round
    /// every N ms, until the agent that started it is gone (a loop outliving its agent would run for ever).
    /// </summary>
    private string NvidiaSmiStandIn(ChipNode node, string listing, string query) => StandIn(node, "nvidia-smi", $$"""
        case "$1" in
          -L) cat '{{Recorded("NvidiaSmi", listing)}}' ;;
          --query-gpu=*)
            for argument in "$@"; do
              case "$argument" in --loop-ms=*) milliseconds="${argument#--loop-ms=}" ;; esac
            done
            interval="$((milliseconds / 1000)).$(printf '%03d' $((milliseconds % 1000)))"
            head -n 1 '{{Recorded("NvidiaSmi", query)}}'
            while kill -0 "$PPID" 2>/dev/null; do
              tail -n +2 '{{Recorded("NvidiaSmi", query)}}'
              sleep "$interval"
            done ;;
          *) exit 1 ;;
        esac
        """);

    /// <summary>An executable shell script standing in for a vendor tool on <paramref name="node"/>.</summary>
    private string StandIn(ChipNode node, string tool, string body)
    {
        var path = Path.Combine(servers.Work.CreateSubdirectory(node.NodeId).FullName, tool);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
