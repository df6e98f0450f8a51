using System.Diagnostics;

namespace GpuBilling.Testing;

/// <summary>
/// One of the system's own programs run as a real process from its build output, the way
/// `make up` runs it. It binds port 0 and reports the port it got (<see cref="ListeningAsync"/>):
/// a port found free here and bound there later can be taken in between by anyone on the machine.
/// Its output is kept so a failing test can show what the process said: in memory, or in a log
/// file when one is given (a benchmark's long run says too much to keep). Whatever the tests
/// forget to stop is killed when the test process exits, so nothing outlives a failed fixture.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private static readonly HashSet<ServiceProcess> Running = [];
    private readonly Process _process;
    private readonly string _addressFile;
    private readonly TextWriter _output;
    private readonly List<(string Text, TaskCompletionSource<DateTimeOffset> Seen)> _watches = [];
    private int _disposed;
    private Uri? _address;

    static ServiceProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Running)
                foreach (var orphan in Running) orphan.Kill();
        };
    }

    private ServiceProcess(Process process, string service, string addressFile, string? logFile)
    {
        _process = process;
        _addressFile = addressFile;
        Name = service;
        LogFile = logFile;
        _output = logFile is null ? new StringWriter() : new StreamWriter(logFile, append: false);
    }

    public string Name { get; }

    /// <summary>Where the output goes; null when it is kept in memory.</summary>
    public string? LogFile { get; }

    public string Output
    {
        get { lock (_output) return _output is StringWriter text ? text.ToString() : $"(see {LogFile})"; }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Where the service listens, once <see cref="ListeningAsync"/> has seen it.</summary>
    public Uri Address => _address ?? throw new InvalidOperationException($"{Name} has not reported its address yet: await ListeningAsync first.");

    public int Port => Address.Port;

    public static ServiceProcess Start(string service, IReadOnlyDictionary<string, string?> environment, string? logFile = null)
    {
        var dll = Path.Combine(RepositoryRoot(), "services", service, "bin", Configuration, "net10.0", $"{service}.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build {Configuration} first: {dll} is missing.", dll);

        return Launch(new ProcessStartInfo("dotnet", [dll]) { WorkingDirectory = Path.GetDirectoryName(dll)! }, service, environment, logFile);
    }

    /// <summary>
    /// A program as an operator installs it (a self-contained build, say) rather than from the
    /// build output: <paramref name="environment"/> replaces the inherited one entirely, so nothing
    /// of the test machine's .NET set-up reaches it.
    /// </summary>
    public static ServiceProcess StartInstalled(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment,
        string? logFile = null)
    {
        var start = new ProcessStartInfo(program, arguments) { WorkingDirectory = Path.GetDirectoryName(program)! };
        start.Environment.Clear();
        return Launch(start, Path.GetFileName(program), environment, logFile);
    }

    private static ServiceProcess Launch(ProcessStartInfo start, string service, IReadOnlyDictionary<string, string?> environment, string? logFile)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (name, value) in environment) start.Environment[name.Replace(":", "__")] = value;
        var addressFile = Path.Combine(Path.GetTempPath(), $"metering-{service}-{Guid.NewGuid():N}.address");
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Hosting__AddressFile"] = addressFile;

        var process = new Process { StartInfo = start };
        var running = new ServiceProcess(process, service, addressFile, logFile);
        process.OutputDataReceived += (_, e) => running.Append(e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (Running) Running.Add(running);
        return running;
    }

    /// <summary>Until the service has bound its port and said which; fails at once if it exits first.</summary>
    public async Task<Uri> ListeningAsync(TimeSpan? timeout = null)
    {
        await Eventually.AssertAsync(() =>
        {
            if (File.Exists(_addressFile)) _address ??= new Uri(File.ReadLines(_addressFile).First());
            else if (_process.HasExited) throw new WillNeverHold($"{Name} exited before it listened:\n{Output}");
            else throw new TimeoutException($"{Name} has not reported the address it listens on:\n{Output}");
            return Task.CompletedTask;
        }, timeout ?? TimeSpan.FromMinutes(3));
        return _address!;
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
            throw new TimeoutException($"{Name} did not exit within {timeout}; its output:\n{Output}");
        }
        return _process.ExitCode;
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Metering.sln"))) return directory.FullName;
        throw new InvalidOperationException("Metering.sln not found above the program's output folder.");
    }

    /// <summary>Kills the process if it still runs; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Kill();
        await _process.WaitForExitAsync();
        lock (Running) Running.Remove(this);
        _process.Dispose();
        File.Delete(_addressFile);
        lock (_output) _output.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        var now = DateTimeOffset.UtcNow;
        lock (_output)
        {
            // Lines can still arrive while the process is being disposed.
            try { _output.WriteLine(line); }
            catch (ObjectDisposedException) { }
        }
        lock (_watches)
        {
            foreach (var (text, seen) in _watches)
                if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult(now);
        }
    }
}
