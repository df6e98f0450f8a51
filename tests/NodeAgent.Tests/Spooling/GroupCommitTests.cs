using System.Diagnostics.Metrics;
using System.Threading.Channels;
using GpuBilling.Testing;
using Metering.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodeAgent.Sampling;
using NodeAgent.Spooling;

namespace NodeAgent.Tests.Spooling;

/// <summary>The sampler's seconds of one window are committed together, once the window has ended.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly string _path = Directory.CreateTempSubdirectory("spool-").FullName;

    public void Dispose() => Directory.Delete(_path, recursive: true);

    private static DateTimeOffset Second(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix);

    [Fact]
    public async Task A_window_is_committed_once_its_last_second_is_appended_and_the_source_waits()
    {
        var clock = new FakeTimeProvider(Second(1_700_000_010));
        var options = new SpoolOptions { Path = _path, CommitWindow = TimeSpan.FromSeconds(5) };
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        using var spool = new Spool(options, clock, meters, NullLogger<Spool>.Instance);
        var commits = new GroupCommit(spool, new PublishSignal(), options, clock);
        var source = Channel.CreateUnbounded<NodeReading>();
        await using var readings = source.Reader.ReadAllAsync().GetAsyncEnumerator();
        var appended = Channel.CreateUnbounded<long>();
        var sampler = Task.Run(async () =>
        {
            while (await commits.NextAsync(readings, CancellationToken.None))
            {
                spool.Append("node-a", readings.Current.Second, []);
                commits.Appended(readings.Current.Second);
                await appended.Writer.WriteAsync(readings.Current.Second.ToUnixTimeSeconds());
            }
        });

        // The sampler stops before the enumerator it reads is disposed, whatever fails: disposing one
        // that is being read throws, and that error would hide the assertion's.
        try
        {
            // The window [1,700,000,010, 1,700,000,015): three of its seconds, then the source waits.
            foreach (var unix in new long[] { 1_700_000_010, 1_700_000_011, 1_700_000_012 })
            {
                await source.Writer.WriteAsync(new NodeReading("node-a", Second(unix), []));
                Assert.Equal(unix, await appended.Reader.ReadAsync());
            }
            Assert.Equal(0, spool.PendingCount);

            foreach (var unix in new long[] { 1_700_000_013, 1_700_000_014 })
                await source.Writer.WriteAsync(new NodeReading("node-a", Second(unix), []));
            Assert.Equal(1_700_000_013, await appended.Reader.ReadAsync());
            Assert.Equal(1_700_000_014, await appended.Reader.ReadAsync());
            await Eventually.AssertAsync(() => Assert.Equal(5, spool.PendingCount), TimeSpan.FromSeconds(10));

            // A source that falls silent mid-window is committed one window after its first uncommitted second.
            await source.Writer.WriteAsync(new NodeReading("node-a", Second(1_700_000_015), []));
            Assert.Equal(1_700_000_015, await appended.Reader.ReadAsync());
            Assert.Equal(5, spool.PendingCount);
            // Advanced at every look: the sampler may set its timer just after an advance, from the clock before it.
            await Eventually.AssertAsync(() =>
            {
                clock.Advance(TimeSpan.FromSeconds(5));
                Assert.Equal(6, spool.PendingCount);
            }, TimeSpan.FromSeconds(10));
        }
        finally
        {
            source.Writer.TryComplete();
            await sampler;
        }
    }
}
