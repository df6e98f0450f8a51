using System.Globalization;

namespace Metering.Benchmarks;

/// <summary>A process's resident memory: its peak (VmHWM) and what it held at the end (VmRSS).</summary>
public sealed record ProcessMemory(string Name, long PeakBytes, long EndBytes);

/// <summary>
/// The resident memory of one process the benchmark started, from /proc/&lt;pid&gt;/status. Read
/// every half second because a process that exits on its own (the agent, once drained) takes its
/// /proc entry with it: its figures are then those of the last reading, at most half a second old.
/// </summary>
public sealed class MemoryWatch
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    private readonly string _name;
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private (long Peak, long Resident)? _last;

    private MemoryWatch(string name, int pid)
    {
        _name = name;
        _pid = pid;
        _watching = WatchAsync();
    }

    public static MemoryWatch Start(string name, int pid) => new(name, pid);

    /// <summary>Call it just before stopping the process, so the end figure is the process under load.</summary>
    public async Task<ProcessMemory> StopAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
        if (Read(_pid) is { } now) _last = now;
        return new ProcessMemory(_name, _last?.Peak ?? 0, _last?.Resident ?? 0);
    }

    private async Task WatchAsync()
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            do
            {
                if (Read(_pid) is { } now) _last = now;
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static (long Peak, long Resident)? Read(int pid)
    {
        long? peak = null, resident = null;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kib(line);
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) resident = Kib(line);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // An exited process that is not yet reaped still has a status, without its memory.
        return peak is { } p && resident is { } r ? (p, r) : null;
    }

    /// <summary>"VmHWM:   123456 kB" in bytes.</summary>
    private static long Kib(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
