using Metering.Contracts;

namespace NodeAgent.Allocations.Kubernetes;

/// <summary>A device id a container holds, and who is billed for it.</summary>
public sealed record HeldDevice(string DeviceId, GpuAllocation? Allocation);

/// <summary>
/// Who holds each device, as one answer of the kubelet gave it. A time-sliced GPU is advertised
/// by the NVIDIA device plugin as replicas "UUID::0" .. "UUID::n-1" and each replica can go to a
/// different pod; the GPU is still one GPU and is billed as one GPU-second each second, never
/// twice. The rule: replica k of n owns the seconds whose Unix time t has t mod n == k, so each
/// replica is billed exactly 1/n of the GPU's seconds (within one second over any interval), the
/// shares sum to the whole GPU, and every billed quantity stays a whole GPU-second. A second whose
/// replica nobody holds is the GPU's unallocated time.
/// </summary>
public sealed class DeviceShares
{
    public const string ReplicaSeparator = "::";

    private readonly Dictionary<string, GpuAllocation> _whole;
    private readonly Dictionary<string, GpuAllocation?[]> _replicas;

    private DeviceShares(Dictionary<string, GpuAllocation> whole, Dictionary<string, GpuAllocation?[]> replicas)
    {
        _whole = whole;
        _replicas = replicas;
    }

    public static DeviceShares Empty { get; } = new([], []);

    /// <param name="held">Every device id a container holds.</param>
    /// <param name="allocatable">Every device id the kubelet can hand out, held or not: it says how many replicas a shared GPU has.</param>
    public static DeviceShares Of(IEnumerable<HeldDevice> held, IEnumerable<string> allocatable)
    {
        var whole = new Dictionary<string, GpuAllocation>();
        var holders = new Dictionary<string, GpuAllocation?>();
        foreach (var device in held)
        {
            if (device.Allocation is null) continue;
            // Two holders of one id would be the kubelet's bug; the first keeps it so a GPU is never billed twice.
            if (Split(device.DeviceId) is null) whole.TryAdd(device.DeviceId, device.Allocation);
            else holders.TryAdd(device.DeviceId, device.Allocation);
        }

        // A replica held but no longer advertised (the plugin restarted with fewer) still counts, so nobody's second is dropped.
        var replicas = allocatable.Concat(held.Select(d => d.DeviceId))
            .Select(id => (Id: id, Replica: Split(id)))
            .Where(r => r.Replica is not null)
            .DistinctBy(r => r.Id)
            .GroupBy(r => r.Replica!.Value.Gpu, StringComparer.Ordinal)
            .Where(gpu => gpu.Any(r => holders.ContainsKey(r.Id)))
            .ToDictionary(
                gpu => gpu.Key,
                gpu => gpu.OrderBy(r => r.Replica!.Value.Index).Select(r => holders.GetValueOrDefault(r.Id)).ToArray());
        return new DeviceShares(whole, replicas);
    }

    /// <summary>Who is billed for each device in the second that starts at <paramref name="unixSecond"/>.</summary>
    public IReadOnlyDictionary<string, GpuAllocation> At(long unixSecond)
    {
        if (_replicas.Count == 0) return _whole;
        var devices = new Dictionary<string, GpuAllocation>(_whole);
        foreach (var (gpu, replicas) in _replicas)
            if (replicas[(int)(unixSecond % replicas.Length)] is { } holder)
                devices.TryAdd(gpu, holder);
        return devices;
    }

    /// <summary>The GPU and replica index of a replica's id; null for a whole device.</summary>
    public static (string Gpu, int Index)? Split(string deviceId)
    {
        var at = deviceId.LastIndexOf(ReplicaSeparator, StringComparison.Ordinal);
        return at > 0 && int.TryParse(deviceId.AsSpan(at + ReplicaSeparator.Length), System.Globalization.NumberStyles.None, null, out var index)
            ? (deviceId[..at], index)
            : null;
    }
}
