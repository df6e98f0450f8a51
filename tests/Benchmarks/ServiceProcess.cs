using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Metering.Benchmarks;

/// <summary>
/// One of the system's own programs run as `dotnet &lt;dll&gt;` from its Release build, the way it
/// runs in production, configured by environment variables. Its output goes to a log file (a
/// long run says too much to keep in memory), and its process id is known so its CPU can be
/// measured apart from everything else on the machine.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<(string Text, TaskCompletionSource<DateTimeOffset> Seen)> _watches = [];
    private int _disposed;

    private ServiceProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public string Name { get; private init; } = "";
    public string LogFile { get; private init; } = "";
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public static ServiceProcess Start(string service, IReadOnlyDictionary<string, string?> settings, string logFile)
    {
        var dll = Path.Combine(Repository.Root, "services", service, "bin", "Release", "net10.0", $"{service}.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build Release first: {dll} is missing.", dll);

        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (name, value) in settings) start.Environment[name.Replace(":", "__")] = value;

        var log = new StreamWriter(logFile, append: false) { AutoFlush = false };
        var process = new Process { StartInfo = start };
        var running = new ServiceProcess(process, log) { Name = service, LogFile = logFile };
        process.OutputDataReceived += (_, e) => running.Append(e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Completes with the moment a line containing <paramref name="text"/> is printed.</summary>
    public Task<DateTimeOffset> WhenPrintedAsync(string text)
    {
        var seen = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_watches) _watches.Add((text, seen));
        return seen.Task;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}; its log: {LogFile}");
        }
        return _process.ExitCode;
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills the process if it still runs; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        var now = DateTimeOffset.UtcNow;
        lock (_log)
        {
            try { _log.WriteLine(line); }
            catch (ObjectDisposedException) { }
        }
        lock (_watches)
        {
            foreach (var (text, seen) in _watches)
                if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult(now);
        }
    }
}

public static class Repository
{
    /// <summary>The folder holding Metering.sln, found upwards from the program's own.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Metering.sln"))) return directory.FullName;
        throw new InvalidOperationException("Metering.sln not found above the benchmark's output folder.");
    }
}
