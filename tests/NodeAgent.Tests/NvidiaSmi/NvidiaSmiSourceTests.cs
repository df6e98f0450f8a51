using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Sampling;
using NodeAgent.Sampling.NvidiaSmi;
using static NodeAgent.Tests.NvidiaSmi.RecordedNvidiaSmi;

namespace NodeAgent.Tests.NvidiaSmi;

/// <summary>The source against a real process: a shell script that replays recorded nvidia-smi output.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class NvidiaSmiSourceTests : IDisposable
{
    private const string QueryArguments =
        "--query-gpu=timestamp,uuid,name,utilization.gpu,memory.used,power.draw --format=csv --loop-ms=500";

    private static readonly DateTimeOffset ClockStart = new(2024, 5, 1, 10, 0, 0, 400, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("fake-nvidia-smi-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static DateTimeOffset Second(int n) => new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddSeconds(n);

    [Fact]
    public async Task Yields_a_reading_per_round_with_MIG_slices_and_restarts_nvidia_smi_when_it_exits()
    {
        var source = Source(WriteFakeNvidiaSmi(firstRunExits: true));

        var readings = await Take(source, 3);

        // The clock steps a second per line read. Run 1: header 0, rounds at 1 and 2, then it
        // exits. Run 2: header 3, rounds at 4 and 5...
        GpuReading[] slices =
        [
            new("MIG-00000000-0000-0000-0000-000000000000", H100, "3g.40gb", null, null, null, null),
            new("MIG-00000001-0000-0000-0000-000000000001", H100, "2g.20gb", null, null, null, null),
            new("MIG-00000002-0000-0000-0000-000000000002", H100, "1g.10gb", null, null, null, null),
            new("MIG-00000003-0000-0000-0000-000000000003", H100, "1g.10gb", null, null, null, null),
        ];
        Assert.Equal(["node-7", "node-7", "node-7"], readings.Select(r => r.NodeId));
        Assert.Equal([Second(1), Second(2), Second(4)], readings.Select(r => r.Second));
        Assert.All(readings, reading => Assert.Equal(slices, reading.Gpus));
        Assert.Equal(["-L", QueryArguments, QueryArguments], await File.ReadAllLinesAsync(Path.Combine(_directory, "invocations")));
    }

    [Fact]
    public async Task Stopping_the_reading_kills_nvidia_smi()
    {
        var source = Source(WriteFakeNvidiaSmi(firstRunExits: false));

        Assert.Single(await Take(source, 1));

        var pid = int.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "pid")));
        Assert.True(await HasEnded(pid), $"nvidia-smi (pid {pid}) still runs");
    }

    private static NvidiaSmiSource Source(string path) => new(
        new NvidiaSmiOptions
        {
            Path = path,
            NodeId = "node-7",
            MigRefreshInterval = TimeSpan.FromHours(1),
            RestartDelay = TimeSpan.FromMilliseconds(50),
        },
        new SteppingClock(ClockStart),
        NullLogger<NvidiaSmiSource>.Instance);

    /// <summary>Reads <paramref name="count"/> readings, then stops reading, as the agent does when it shuts down.</summary>
    private static async Task<List<NodeReading>> Take(NvidiaSmiSource source, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var readings = new List<NodeReading>();
        await foreach (var reading in source.ReadAsync(timeout.Token))
        {
            readings.Add(reading);
            if (readings.Count == count)
            {
                break;
            }
        }
        return readings;
    }

    /// <summary>
    /// A stand-in for nvidia-smi replaying a partitioned H100's recorded answers: "-L" prints its MIG
    /// listing; otherwise it notes its pid, prints two rounds half a second apart, the way
    /// <c>--loop-ms=500</c> does, and then runs on until it is killed, or, if asked to, exits the first time.
    /// </summary>
    private string WriteFakeNvidiaSmi(bool firstRunExits)
    {
        var path = Path.Combine(_directory, "nvidia-smi");
        var exitFirstTime = firstRunExits ? "if [ ! -e ran ]; then touch ran; exit 3; fi" : "";
        File.WriteAllText(path, $"""
            #!/bin/sh
            cd '{_directory}'
            echo "$*" >> invocations
            if [ "$1" = "-L" ]; then
            cat '{PathOf(H100MigList)}'
            exit 0
            fi
            echo $$ > pid
            cat '{PathOf(H100MigLoad)}'
            sleep 0.5
            tail -n +2 '{PathOf(H100MigIdle)}'
            {exitFirstTime}
            exec sleep 60
            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static async Task<bool> HasEnded(int pid)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            // Gone (its /proc entry missing, or reaped while it is read), or a zombie: either way no longer running.
            string stat;
            try
            {
                stat = await File.ReadAllTextAsync(Path.Combine("/proc", pid.ToString(), "stat"));
            }
            catch (IOException)
            {
                return true;
            }
            if (stat.Split(") ")[1].StartsWith('Z'))
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary>A clock that moves a second every time it is read, so each line's stamp is known exactly.</summary>
    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private long _reads = -1;

        public override DateTimeOffset GetUtcNow() => start.AddSeconds(Interlocked.Increment(ref _reads));
    }
}
