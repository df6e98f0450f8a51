using System.Text.Json;
using Npgsql;

namespace GpuBilling.Testing;

/// <summary>One GPU-second as the ledger holds it.</summary>
public sealed record LedgerSecond(string NodeId, string GpuUuid, string? TenantId, DateTimeOffset Second);

/// <summary>
/// Reads the sealed ledger straight from PostgreSQL, the way an auditor would, and expands every
/// event into the GPU-seconds it records. Nothing of the metering service is used to read it, so
/// a test comparing this with the fleet's parameters checks the service, not itself.
/// </summary>
public static class LedgerAudit
{
    public static async Task<List<LedgerSecond>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select data::text from metering.mt_events where type = 'node_usage_recorded' order by seq_id", connection);
        var seconds = new List<LedgerSecond>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var recorded = JsonDocument.Parse(reader.GetString(0)).RootElement;
            var nodeId = recorded.GetProperty("NodeId").GetString()!;
            var hour = recorded.GetProperty("Hour").GetDateTimeOffset();
            foreach (var gpu in recorded.GetProperty("Gpus").EnumerateArray())
            {
                var tenant = gpu.GetProperty("TenantId").GetString();
                var uuid = gpu.GetProperty("GpuUuid").GetString()!;
                seconds.AddRange(ExpandRuns(gpu.GetProperty("Seconds").GetString()!)
                    .Select(s => new LedgerSecond(nodeId, uuid, tenant, hour.AddSeconds(s))));
            }
        }
        return seconds;
    }

    private static IEnumerable<int> ExpandRuns(string runs) =>
        runs.Length == 0
            ? []
            : runs.Split(',').SelectMany(run =>
            {
                var bounds = run.Split('-').Select(int.Parse).ToArray();
                return Enumerable.Range(bounds[0], bounds[^1] - bounds[0] + 1);
            });
}

/// <summary>How the ledger compares with what the fleet implies: every count must be zero.</summary>
public sealed record LedgerVerdict(int Lost, int CountedTwice, int Unexpected, int UnallocatedCounted)
{
    public static async Task<LedgerVerdict> OfAsync(SimulatedFleet fleet)
    {
        var ledger = await LedgerAudit.ReadAsync(fleet.Database);
        var allocated = ledger.Where(s => s.TenantId is not null).ToList();
        var expected = fleet.ExpectedAllocatedSeconds();
        var distinct = allocated.ToHashSet();
        var unallocated = ledger.Where(s => s.TenantId is null).ToList();
        return new LedgerVerdict(
            Lost: expected.Count(s => !distinct.Contains(s)),
            CountedTwice: allocated.Count - distinct.Count + unallocated.Count - unallocated.ToHashSet().Count,
            Unexpected: distinct.Count(s => !expected.Contains(s)),
            UnallocatedCounted: unallocated.Count);
    }

    public static LedgerVerdict Exact(SimulatedFleet fleet) => new(0, 0, 0, (int)fleet.UnallocatedGpuSeconds);
}
