using System.Globalization;

namespace Metering.Benchmarks;

/// <summary>A process whose CPU is measured; PostgreSQL counts its backends (the postmaster's children) too.</summary>
public sealed record WatchedProcess(string Name, int Pid, bool WithChildren = false);

/// <summary>
/// Where the CPU went during a phase, from /proc: each watched process's user + system time, and
/// the machine's busy time, so CPU taken by anything else on the machine (another build, say)
/// shows as "other" instead of silently slowing the figures.
/// </summary>
public sealed class CpuMeter
{
    // /proc reports times in USER_HZ, which is 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private readonly IReadOnlyList<WatchedProcess> _processes;
    private readonly long[] _first;
    private readonly long[] _last;
    private readonly long[] _firstKernel;
    private readonly long[] _lastKernel;
    private readonly (long Busy, long Total) _machineFirst;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

    private CpuMeter(IReadOnlyList<WatchedProcess> processes)
    {
        _processes = processes;
        _first = [.. processes.Select(p => Ticks(p)?.Total ?? 0)];
        _last = [.. _first];
        _firstKernel = [.. processes.Select(p => Ticks(p)?.Kernel ?? 0)];
        _lastKernel = [.. _firstKernel];
        _machineFirst = MachineTicks();
    }

    public static CpuMeter Start(IEnumerable<WatchedProcess?> processes) => new([.. processes.OfType<WatchedProcess>()]);

    /// <summary>
    /// Takes a reading now. Call it every second or so while a phase runs: a process that exits
    /// before the end (the agent, once drained) keeps the time of its last reading.
    /// </summary>
    public void Sample()
    {
        for (var i = 0; i < _processes.Count; i++)
            if (Ticks(_processes[i]) is { } ticks) (_last[i], _lastKernel[i]) = ticks;
    }

    public CpuReport Stop()
    {
        Sample();
        var machine = MachineTicks();
        var elapsed = DateTimeOffset.UtcNow - _started;
        var processes = _processes
            .Select((p, i) => new ProcessCpu(p.Name, (_last[i] - _first[i]) / TicksPerSecond,
                (_lastKernel[i] - _firstKernel[i]) / TicksPerSecond))
            .ToList();
        return new CpuReport(elapsed, (machine.Busy - _machineFirst.Busy) / TicksPerSecond, Environment.ProcessorCount, processes);
    }

    /// <summary>User plus system ticks so far, and the system (kernel) part of them.</summary>
    private static (long Total, long Kernel)? Ticks(WatchedProcess process)
    {
        if (Stat(process.Pid) is not { } own) return null;
        // Children that exited and were reaped are in the parent's cutime/cstime; live ones are read one by one.
        var (user, kernel) = (own.UserTicks, own.SystemTicks);
        if (process.WithChildren)
        {
            (user, kernel) = (user + own.ChildUserTicks, kernel + own.ChildSystemTicks);
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
                if (Stat(pid) is { } child && child.ParentPid == process.Pid)
                    (user, kernel) = (user + child.UserTicks, kernel + child.SystemTicks);
            }
        }
        return (user + kernel, kernel);
    }

    private sealed record ProcStat(int ParentPid, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks);

    private static ProcStat? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return new ProcStat((int)Field(4), Field(14), Field(15), Field(16), Field(17));
    }

    /// <summary>Busy (not idle, not waiting for I/O) and total ticks of all cores, from /proc/stat.</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total);
    }
}

public sealed record ProcessCpu(string Name, double CpuSeconds, double KernelSeconds);

public sealed record CpuReport(TimeSpan Elapsed, double MachineBusySeconds, int Cores, IReadOnlyList<ProcessCpu> Processes)
{
    /// <summary>Busy time no watched process accounts for: other work on the machine, the kernel's own.</summary>
    public double OtherSeconds => Math.Max(0, MachineBusySeconds - Processes.Sum(p => p.CpuSeconds));

    public double CoresBusy(double cpuSeconds) => cpuSeconds / Elapsed.TotalSeconds;

    /// <summary>The process of that name, or every instance of it ("metering#1", "metering#2") together.</summary>
    public double CpuSecondsOf(string name) =>
        Processes.Where(p => p.Name == name || p.Name.StartsWith($"{name}#", StringComparison.Ordinal)).Sum(p => p.CpuSeconds);
}
