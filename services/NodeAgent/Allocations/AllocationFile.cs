using System.Text.Json;
using Metering.Contracts;

namespace NodeAgent.Allocations;

/// <param name="AllocationClass">"on-demand" (the default when left out) or "spot"; metering refuses any other.</param>
public sealed record AllocationEntry(string GpuUuid, string TenantId, string WorkloadId, string? AllocationClass = null);

public sealed record AllocationDocument(IReadOnlyList<AllocationEntry> Allocations);

/// <summary>
/// Which tenant holds which GPU or MIG slice, from a JSON file the operator maintains. It is
/// read again whenever it changes; a file that fails to parse keeps the last good allocations,
/// because billing nobody for a minute is better than guessing.
/// </summary>
public sealed class AllocationFile(string? path, TimeProvider clock, ILogger<AllocationFile> logger) : IAllocationSource
{
    // A file that leaves out a tenant or holds a null entry is unreadable, not a GPU held by nobody.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
    private IReadOnlyDictionary<string, GpuAllocation> _byGpu = new Dictionary<string, GpuAllocation>();
    private DateTime _loadedWriteTime;
    private readonly Recheck _recheck = new(clock);

    /// <summary>The allocations now, looking at the file at most every <see cref="Recheck.Interval"/> however large the fleet.</summary>
    public IReadOnlyDictionary<string, GpuAllocation> Current()
    {
        if (_recheck.Due()) Refresh();
        return _byGpu;
    }

    private void Refresh()
    {
        if (path is null || !File.Exists(path)) return;
        var writeTime = File.GetLastWriteTimeUtc(path);
        if (writeTime == _loadedWriteTime) return;
        try
        {
            var document = JsonSerializer.Deserialize<AllocationDocument>(File.ReadAllText(path), Json)
                ?? throw new JsonException("The file is empty.");
            if (document.Allocations.Any(a => a is null)) throw new JsonException("An allocation entry is null.");
            _byGpu = document.Allocations.ToDictionary(a => a.GpuUuid, a => new GpuAllocation(a.TenantId, a.WorkloadId)
            {
                AllocationClass = a.AllocationClass ?? AllocationClasses.OnDemand,
            });
            _loadedWriteTime = writeTime;
            logger.LogInformation("Loaded {Count} allocations from {Path}", _byGpu.Count, path);
        }
        catch (Exception e) when (e is JsonException or IOException or ArgumentException)
        {
            logger.LogError(e, "Allocation file {Path} is unreadable; keeping the previous allocations", path);
            _loadedWriteTime = writeTime;
        }
    }
}
