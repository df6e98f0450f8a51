using Metering.Contracts;
using Microsoft.Extensions.Time.Testing;
using NodeAgent.Publishing;
using NodeAgent.Spooling;

namespace NodeAgent.Tests.Publishing;

/// <summary>In real time a node's compact report waits for its window; a backlog and a finished source do not wait.</summary>
public class ReportWindowsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);

    private static List<IReadOnlyList<SpooledSecond>> Pending(string node, int from, int count) =>
        [Enumerable.Range(from, count).Select(s => new SpooledSecond(node, new NodeSecond { Sequence = s, Second = Start.AddSeconds(s), Gpus = [] }, Segment: 0)).ToList()];

    [Fact]
    public void A_nodes_seconds_wait_until_the_window_has_passed_since_the_first_was_seen()
    {
        var windows = new ReportWindows(new PublishingOptions { Report = ReportForm.Compact, WindowSeconds = 10 }, _clock);

        var (due, next) = windows.Due(Pending("node-a", 0, 1), sourceEnded: false);
        Assert.Empty(due);
        Assert.Equal(TimeSpan.FromSeconds(10), next);

        _clock.Advance(TimeSpan.FromSeconds(6));
        (due, next) = windows.Due(Pending("node-a", 0, 6), sourceEnded: false);
        Assert.Empty(due);
        Assert.Equal(TimeSpan.FromSeconds(4), next);

        _clock.Advance(TimeSpan.FromSeconds(4));
        (due, next) = windows.Due(Pending("node-a", 0, 9), sourceEnded: false);
        Assert.Equal(9, Assert.Single(due).Count);
        Assert.Null(next);
    }

    [Fact]
    public void A_full_window_a_backlog_or_an_ended_source_goes_at_once()
    {
        var windows = new ReportWindows(new PublishingOptions { Report = ReportForm.Compact, WindowSeconds = 10, MaxSecondsPerMessage = 60 }, _clock);

        Assert.Single(windows.Due(Pending("node-a", 0, 10), sourceEnded: false).Due);
        Assert.Single(windows.Due(Pending("node-b", 0, 60), sourceEnded: false).Due);
        Assert.Single(windows.Due(Pending("node-c", 0, 2), sourceEnded: true).Due);
    }
}
