using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Sampling;
using NodeAgent.Sampling.Ascend;
using NodeAgent.Sampling.Polling;

namespace NodeAgent.Tests.Ascend;

/// <summary>The source against a real process: a script that prints recorded npu-smi output.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class NpuSmiSourceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fake-npu-smi-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Consecutive_seconds_carry_the_chips_under_their_card_serials_and_a_card_that_cannot_tell_its_serial_is_left_out()
    {
        var source = new NpuSmiSource(
            new NpuSmiOptions { Path = WriteFakeNpuSmi(), NodeId = "node-7", Polling = new PollingOptions { PollInterval = TimeSpan.FromMilliseconds(200) } },
            TimeProvider.System, NullLogger<NpuSmiSource>.Instance);

        var readings = new List<NodeReading>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var reading in source.ReadAsync(timeout.Token))
        {
            readings.Add(reading);
            if (readings.Count == 2) break;
        }

        Assert.Equal(readings[0].Second.AddSeconds(1), readings[1].Second);
        Assert.All(readings, r => Assert.Equal(
            [
                new GpuReading("NPU-102415083974-0", "910B2C", null, 0m, 3410, 93.9m, null),
                new GpuReading("NPU-1025C9048791-0", "910B2C", null, 0m, 3404, 96.0m, null),
            ],
            r.Gpus));
    }

    /// <summary>
    /// A stand-in for npu-smi: "info" prints a recorded table of three NPUs; the board query knows
    /// NPUs 0 and 1 (two recorded boards) and fails for NPU 15, as npu-smi does for a card it cannot reach.
    /// </summary>
    private string WriteFakeNpuSmi()
    {
        var recorded = Path.Combine(AppContext.BaseDirectory, "Ascend", "Recorded");
        var path = Path.Combine(_directory, "npu-smi");
        File.WriteAllText(path, $"""
            #!/bin/sh
            case "$*" in
              "info") cat '{recorded}/info-910b2c.txt' ;;
              "info -t board -i 0") cat '{recorded}/board-910b2c-npu0.txt' ;;
              "info -t board -i 1") cat '{recorded}/board-910b-bin5.txt' ;;
              *) exit 1 ;;
            esac
            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
