using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodeAgent.Sampling;
using NodeAgent.Sampling.Polling;

namespace NodeAgent.Tests.Polling;

public sealed class PerSecondReadingsTests
{
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 10, 0, 0, 400, TimeSpan.Zero);
    private static readonly GpuReading Gpu = new("NPU-102415083974-0", "910B2C", null, 0m, 3410, 93.9m, null);

    private static DateTimeOffset Second(int n) => new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddSeconds(n);

    [Fact]
    public async Task Every_second_is_reported_once_with_the_last_answer_even_when_the_tool_answers_every_five_seconds()
    {
        var clock = new FakeTimeProvider(Start);
        var asks = 0;
        var options = new PollingOptions { PollInterval = TimeSpan.FromSeconds(5), MaxAge = TimeSpan.FromSeconds(30) };

        var readings = await Take(clock, options, 7, _ =>
        {
            Interlocked.Increment(ref asks);
            return Task.FromResult<IReadOnlyList<GpuReading>>([Gpu]);
        });

        Assert.Equal(Enumerable.Range(0, 7).Select(Second), readings.Select(r => r.Second));
        Assert.All(readings, r => Assert.Equal([Gpu], r.Gpus));
        Assert.Equal(2, asks);
    }

    [Fact]
    public async Task Seconds_after_the_last_answer_has_aged_out_are_not_reported()
    {
        var clock = new FakeTimeProvider(Start);
        var options = new PollingOptions { PollInterval = TimeSpan.FromSeconds(1), MaxAge = TimeSpan.FromSeconds(2) };
        var answered = 0;

        // The tool answers at 10:00:00.4 and 10:00:01.4, then never again.
        var readings = await Take(clock, options, 4, _ => Interlocked.Increment(ref answered) <= 2
            ? Task.FromResult<IReadOnlyList<GpuReading>>([Gpu])
            : throw new ToolFailedException("npu-smi exited with code 1"), advanceFor: TimeSpan.FromSeconds(8));

        Assert.Equal([Second(0), Second(1), Second(2)], readings.Select(r => r.Second));
    }

    /// <summary>Reads until <paramref name="count"/> readings came or the fake clock ran <paramref name="advanceFor"/>.</summary>
    private static async Task<List<NodeReading>> Take(
        FakeTimeProvider clock, PollingOptions options, int count,
        Func<CancellationToken, Task<IReadOnlyList<GpuReading>>> ask, TimeSpan? advanceFor = null)
    {
        var source = new PerSecondReadings("node-7", options, clock, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var readings = new List<NodeReading>();
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var r in source.ReadAsync(ask, stop.Token))
                {
                    lock (readings) readings.Add(r);
                    if (readings.Count == count) return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        });
        var until = clock.GetUtcNow() + (advanceFor ?? TimeSpan.FromSeconds(count + 5));
        using var realTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!reading.IsCompleted && clock.GetUtcNow() < until)
        {
            await Task.Delay(5, realTimeout.Token);
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }
        await stop.CancelAsync();
        await reading;
        lock (readings) return [.. readings];
    }
}
