using System.Runtime.InteropServices;

namespace Metering.Benchmarks;

/// <summary>What the figures were measured on: they mean little without it.</summary>
public sealed record Machine(int Cores, string CpuModel, long MemoryBytes, string LoadAverage, string System, string Runtime)
{
    public static Machine Describe() => new(
        Environment.ProcessorCount,
        ProcLine("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        (long.TryParse(ProcLine("/proc/meminfo", "MemTotal")?.Split(' ')[0], out var kib) ? kib : 0) * 1024,
        LoadAverageNow(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    /// <summary>The 1, 5 and 15-minute load averages: other work on the machine shows here.</summary>
    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string? ProcLine(string file, string key) =>
        File.Exists(file)
            ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
}
