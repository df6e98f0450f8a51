using System.ComponentModel;
using System.Diagnostics;

namespace NodeAgent.Sampling;

/// <summary>A vendor tool (nvidia-smi, npu-smi, amd-smi) run the way every source runs it.</summary>
internal static class ToolCommand
{
    public static ProcessStartInfo StartInfo(string path, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            // Not redirected: the tool's complaints land in the agent's own log, and a stderr
            // pipe nobody drains could fill up and stall it.
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        // The parsers expect invariant numbers; a C program honouring the machine's locale
        // could print "154,88 W".
        startInfo.Environment["LC_ALL"] = "C";
        return startInfo;
    }

    /// <summary>Runs the tool to its end and returns what it printed.</summary>
    /// <exception cref="ToolFailedException">It could not start, exited non-zero or was cancelled by <paramref name="cancellationToken"/>.</exception>
    public static async Task<string> RunAsync(string path, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Process.Start(StartInfo(path, arguments))!;
        }
        catch (Win32Exception exception)
        {
            throw new ToolFailedException($"Could not start {path}", exception);
        }

        using (process)
        {
            try
            {
                var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                return process.ExitCode == 0
                    ? output
                    : throw new ToolFailedException($"{path} {string.Join(' ', arguments)} exited with code {process.ExitCode}");
            }
            catch (OperationCanceledException exception)
            {
                throw new ToolFailedException($"{path} {string.Join(' ', arguments)} did not finish in time", exception);
            }
            finally
            {
                KillIfRunning(process);
            }
        }
    }

    public static void KillIfRunning(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }
}

public sealed class ToolFailedException(string message, Exception? inner = null) : Exception(message, inner);
