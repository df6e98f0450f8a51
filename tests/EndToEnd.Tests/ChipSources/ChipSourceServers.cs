using System.Text.Json;
using GpuBilling.Testing;

namespace EndToEnd.Tests.ChipSources;

/// <summary>
/// What the source tests share: one database, one virtual host and one metering process, so each
/// source costs only the seconds its own agent runs. Each source reports as a node of its own.
/// </summary>
public sealed class ChipSourceServers : IAsyncLifetime
{
    private const string Name = "e2e_chip_sources";

    public DirectoryInfo Work { get; } = Directory.CreateTempSubdirectory($"{Name}-");
    public string Database { get; private set; } = "";
    public ServiceProcess Metering { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        Metering = ServiceProcess.Start("Metering", TestServers.ServiceSettings(Database, Name));
        await Metering.ReadyAsync();
    }

    /// <summary>The real agent, reading <paramref name="node"/>'s source through the settings given, with its allocations in a file.</summary>
    public ServiceProcess StartAgent(ChipNode node, IReadOnlyDictionary<string, string?> sourceSettings)
    {
        var allocationFile = Path.Combine(Work.FullName, $"{node.NodeId}-allocations.json");
        File.WriteAllText(allocationFile, JsonSerializer.Serialize(new
        {
            allocations = node.Allocations.Select(a => new { gpuUuid = a.Chip, tenantId = a.Tenant, workloadId = "job-1" }),
        }));
        var settings = new Dictionary<string, string?>(TestServers.ServiceSettings(Database, Name))
        {
            ["Agent:Source"] = node.Source,
            ["Spool:Path"] = Path.Combine(Work.FullName, $"{node.NodeId}-spool"),
            ["Spool:Fsync"] = "false",
            ["Allocations:Path"] = allocationFile,
        };
        foreach (var (key, value) in sourceSettings) settings[key] = value;
        return ServiceProcess.Start("NodeAgent", settings);
    }

    /// <summary>Every (second, chip, tenant) the sealed ledger holds for the node.</summary>
    public async Task<List<LedgerSecond>> LedgerOfAsync(string nodeId) =>
        (await LedgerAudit.ReadAsync(Database)).Where(s => s.NodeId == nodeId).ToList();

    /// <summary>Until metering has taken every report off the queue and sealed every second it took.</summary>
    public Task DrainedAsync() =>
        Eventually.AssertAsync(async () =>
        {
            Assert.Equal(0, await Queues.DepthAsync(Name, "gpu-usage"));
            Assert.Equal(0, await ScalarAsync("select count(*) from metering.intake"));
        }, TimeSpan.FromMinutes(1));

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    public async Task DisposeAsync()
    {
        await Metering.DisposeAsync();
        Work.Delete(recursive: true);
    }
}
