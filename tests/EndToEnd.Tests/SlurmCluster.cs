using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using GpuBilling.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// A job as Slurm reports it: whole seconds, UTC; the GRES indices it holds on the node. And when
/// the node's prolog and epilog finished: the moments the agent could first see the job's start
/// and its end, later than Slurm's times on a busy machine.
/// </summary>
public sealed record SlurmJobReport(string JobId, string State, string Account, string Partition, int[] Gpus, DateTimeOffset? Start, DateTimeOffset? End)
{
    public DateTimeOffset? PrologDone { get; init; }
    public DateTimeOffset? EpilogDone { get; init; }
}

/// <summary>
/// A private one-node Slurm 22.05 (infra/scripts/slurm.sh) running the project's own prolog and
/// epilog (infra/slurm), installed the way docs/OPERATIONS.md tells an operator: the scripts as
/// Prolog and Epilog, their settings in gpu-metering.conf beside slurm.conf. Its GPUs are files,
/// so nvidia-smi, which the prolog asks for the UUID of each GRES index, is a script printing
/// that listing in nvidia-smi's format.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class SlurmCluster : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;

    private SlurmCluster(DirectoryInfo directory) => _directory = directory;

    /// <summary>The prolog's ALLOCATIONS_DIR: what the agent's `Allocations:Slurm:Directory` names.</summary>
    public string AllocationsDirectory => Path.Combine(_directory.FullName, "allocations");

    private string Conf => Path.Combine(_directory.FullName, "etc", "slurm.conf");

    public static async Task<SlurmCluster> StartAsync(int gpus, IReadOnlyList<string> partitions, Func<int, string> uuidOf)
    {
        var cluster = new SlurmCluster(Directory.CreateTempSubdirectory("slurm-"));
        var root = ServiceProcess.RepositoryRoot();
        var nvidiaSmi = Path.Combine(cluster._directory.FullName, "nvidia-smi");
        await File.WriteAllTextAsync(nvidiaSmi,
            "#!/bin/sh\n# --query-gpu=index,uuid --format=csv,noheader\n" +
            string.Concat(Enumerable.Range(0, gpus).Select(g => $"echo '{g}, {uuidOf(g)}'\n")));
        File.SetUnixFileMode(nvidiaSmi, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        Directory.CreateDirectory(Path.Combine(cluster._directory.FullName, "etc"));
        await File.WriteAllTextAsync(Path.Combine(cluster._directory.FullName, "etc", "gpu-metering.conf"),
            $"ALLOCATIONS_DIR={cluster.AllocationsDirectory}\nNVIDIA_SMI={nvidiaSmi}\n");

        await cluster.RunAsync(Path.Combine(root, "infra", "scripts", "slurm.sh"),
            ["start", cluster._directory.FullName, "--gpus", $"{gpus}",
                "--prolog", await cluster.TimedAsync("prolog"),
                "--epilog", await cluster.TimedAsync("epilog"),
                .. partitions.SelectMany(p => new[] { "--partition", p })]);
        return cluster;
    }

    private string HookTimes => Path.Combine(_directory.FullName, "hook-times");

    /// <summary>The project's own script, run as it is, then noting when it finished.</summary>
    private async Task<string> TimedAsync(string hook)
    {
        var timed = Path.Combine(_directory.FullName, $"timed-{hook}");
        var script = Path.Combine(ServiceProcess.RepositoryRoot(), "infra", "slurm", hook);
        await File.WriteAllTextAsync(timed, $"""
            #!/bin/sh
            {script}
            status=$?
            echo "$SLURM_JOB_ID {hook} $(date +%s.%N)" >>{HookTimes}
            exit $status

            """);
        File.SetUnixFileMode(timed, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return timed;
    }

    private DateTimeOffset? HookDone(string jobId, string hook) =>
        File.Exists(HookTimes)
            ? File.ReadLines(HookTimes).Select(line => line.Split(' ')).Where(f => f[0] == jobId && f[1] == hook)
                .Select(f => (DateTimeOffset?)DateTimeOffset.UnixEpoch.AddSeconds(double.Parse(f[2], CultureInfo.InvariantCulture))).LastOrDefault()
            : null;

    /// <summary>A batch job that sleeps: it holds its GPUs from its start until the sleep ends.</summary>
    public async Task<string> SubmitAsync(string account, string partition, int gpus, int seconds) =>
        (await RunAsync("sbatch", ["--parsable", "-A", account, "-p", partition, $"--gres=gpu:{gpus}",
            "-D", _directory.FullName, "-o", "/dev/null", "--wrap", $"sleep {seconds}"])).Trim();

    public async Task<SlurmJobReport> ShowAsync(string jobId)
    {
        var line = await RunAsync("scontrol", ["-o", "-d", "show", "job", jobId]);
        string Field(string name) => Regex.Match(line, $@"(?:^|\s){name}=(\S*)").Groups[1].Value;
        var gres = GresIndexes().Match(line);
        return new SlurmJobReport(jobId, Field("JobState"), Field("Account"), Field("Partition"),
            gres.Success ? ExpandIndexes(gres.Groups[1].Value) : [], Instant(Field("StartTime")), Instant(Field("EndTime")));
    }

    /// <summary>Once the job runs: only then does Slurm say which GPUs it holds.</summary>
    public Task<SlurmJobReport> RunningAsync(string jobId, TimeSpan timeout) => UntilAsync(jobId, "RUNNING", timeout);

    /// <summary>Once the job has completed and its epilog has run, with the GPUs it held while it ran.</summary>
    public async Task<SlurmJobReport> EndedAsync(SlurmJobReport running, TimeSpan timeout)
    {
        var ended = await UntilAsync(running.JobId, "COMPLETED", timeout);
        DateTimeOffset? epilogDone = null;
        await Eventually.AssertAsync(() => Assert.NotNull(epilogDone = HookDone(running.JobId, "epilog")), timeout);
        return ended with { Gpus = running.Gpus, PrologDone = HookDone(running.JobId, "prolog"), EpilogDone = epilogDone };
    }

    private async Task<SlurmJobReport> UntilAsync(string jobId, string state, TimeSpan timeout)
    {
        SlurmJobReport job = null!;
        await Eventually.AssertAsync(async () =>
        {
            job = await ShowAsync(jobId);
            Assert.Equal(state, job.State);
        }, timeout);
        return job;
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync(Path.Combine(ServiceProcess.RepositoryRoot(), "infra", "scripts", "slurm.sh"), ["stop", _directory.FullName]);
        _directory.Delete(recursive: true);
    }

    // "Nodes=node0 CPU_IDs=0 Mem=0 GRES=gpu:2(IDX:0-1)" in `scontrol -d show job`.
    [GeneratedRegex(@"GRES=gpu(?::[^:(\s]+)?:\d+\(IDX:([0-9,-]+)\)")]
    private static partial Regex GresIndexes();

    private static int[] ExpandIndexes(string list) =>
        list.Split(',').SelectMany(item =>
        {
            var bounds = item.Split('-').Select(int.Parse).ToArray();
            return Enumerable.Range(bounds[0], bounds[^1] - bounds[0] + 1);
        }).ToArray();

    /// <summary>scontrol prints local time; the commands run with TZ=UTC.</summary>
    private static DateTimeOffset? Instant(string value) =>
        DateTime.TryParseExact(value, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc)
            ? new DateTimeOffset(utc, TimeSpan.Zero)
            : null;

    private async Task<string> RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SLURM_CONF"] = Conf;
        start.Environment["TZ"] = "UTC";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await errors}{await output}");
        return await output;
    }
}
