using System.Threading.Channels;
using Microsoft.Extensions.Logging;
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
        await using var run = new Run(new PollingOptions { PollInterval = TimeSpan.FromSeconds(5), MaxAge = TimeSpan.FromSeconds(30) }, _ => [Gpu]);

        Assert.Equal(Start, await run.StartedAsync());
        for (var n = 0; n < 7; n++)
        {
            if (n == 5)
            {
                run.Clock.SetUtcNow(Start.AddSeconds(5));
                Assert.Equal(Start.AddSeconds(5), await run.NextAskAsync());
            }
            run.Clock.SetUtcNow(Second(n + 1));
            var reading = await run.NextReadingAsync();
            Assert.Equal(Second(n), reading.Second);
            Assert.Equal([Gpu], reading.Gpus);
        }

        await run.StopAsync();
        Assert.Equal(0, run.AsksLeft);
        Assert.Equal(0, run.ReadingsLeft);
    }

    [Fact]
    public async Task Seconds_after_the_last_answer_has_aged_out_are_not_reported()
    {
        var answered = 0;
        // The tool answers at 10:00:00.4 and 10:00:01.4, then never again.
        await using var run = new Run(
            new PollingOptions { PollInterval = TimeSpan.FromSeconds(1), MaxAge = TimeSpan.FromSeconds(2) },
            _ => ++answered <= 2 ? [Gpu] : throw new ToolFailedException("npu-smi exited with code 1"));

        await run.StartedAsync();
        for (var n = 0; n < 3; n++)
        {
            run.Clock.SetUtcNow(Second(n + 1));
            Assert.Equal(Second(n), (await run.NextReadingAsync()).Second);
            run.Clock.SetUtcNow(Start.AddSeconds(n + 1));
            await run.NextAskAsync();
        }

        // Second 3 is reported at 10:00:04 or never: the last answer, from 10:00:01.4, is then 2.6 s old.
        run.Clock.SetUtcNow(Second(4));
        Assert.StartsWith("No answer from the GPU tool since", await run.NextErrorAsync());
        await run.StopAsync();
        Assert.Equal(0, run.ReadingsLeft);
    }

    /// <summary>
    /// A reader on a fake clock that the test moves only after it saw what was due before: a busy
    /// machine slows the test down, but never lets the clock run ahead of the reader.
    /// </summary>
    private sealed class Run : IAsyncDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

        private readonly Channel<DateTimeOffset> _asks = Channel.CreateUnbounded<DateTimeOffset>();
        private readonly Channel<NodeReading> _readings = Channel.CreateUnbounded<NodeReading>();
        private readonly Channel<string> _errors = Channel.CreateUnbounded<string>();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _reading;

        public Run(PollingOptions options, Func<CancellationToken, IReadOnlyList<GpuReading>> answer)
        {
            var source = new PerSecondReadings("node-7", options, Clock, new ErrorLog(_errors.Writer));
            _reading = Task.Run(async () =>
            {
                try
                {
                    await foreach (var reading in source.ReadAsync(Ask, _stop.Token)) _readings.Writer.TryWrite(reading);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                }
            });

            Task<IReadOnlyList<GpuReading>> Ask(CancellationToken cancellationToken)
            {
                _asks.Writer.TryWrite(Clock.GetUtcNow());
                return Task.FromResult(answer(cancellationToken));
            }
        }

        public WatchedClock Clock { get; } = new(Start);

        public int AsksLeft => _asks.Reader.Count;

        public int ReadingsLeft => _readings.Reader.Count;

        /// <summary>
        /// The first ask, once the reader waits for its first second to end: the second it starts
        /// from is the one the clock showed when the tool first answered, so the clock stays put until then.
        /// </summary>
        public async Task<DateTimeOffset> StartedAsync()
        {
            var firstAsk = await NextAskAsync();
            while (await NextAsync(Clock.Timers, "wait of the reader") != Timeout.InfiniteTimeSpan)
            {
            }
            return firstAsk;
        }

        public Task<DateTimeOffset> NextAskAsync() => NextAsync(_asks, "ask of the tool");

        public Task<NodeReading> NextReadingAsync() => NextAsync(_readings, "reading");

        public Task<string> NextErrorAsync() => NextAsync(_errors, "error logged");

        private async Task<T> NextAsync<T>(Channel<T> channel, string what)
        {
            using var patience = new CancellationTokenSource(Patience);
            try
            {
                return await channel.Reader.ReadAsync(patience.Token);
            }
            catch (OperationCanceledException) when (patience.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"No {what} came at {Clock.GetUtcNow():HH:mm:ss.f} on the fake clock within {Patience.TotalSeconds} s.");
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _reading;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }
    }

    /// <summary>A fake clock that tells of every timer made on it, by its period (a delay's is infinite).</summary>
    private sealed class WatchedClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public Channel<TimeSpan> Timers { get; } = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Timers.Writer.TryWrite(period);
            return timer;
        }
    }

    private sealed class ErrorLog(ChannelWriter<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error) errors.TryWrite(formatter(state, exception));
        }
    }
}
