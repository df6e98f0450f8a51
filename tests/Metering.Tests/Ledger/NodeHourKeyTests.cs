using Metering.Ledger;

namespace Metering.Tests.Ledger;

/// <summary>Node-hour keys are stored (stream ids, snapshots, every published ledger event, lock keys): their text never changes.</summary>
public class NodeHourKeyTests
{
    [Theory]
    [InlineData("node-1", "2026-02-10T10:00:00+00:00", "node-1@2026-02-10T10Z")]
    // Any instant of the hour, in any offset, names the same UTC hour.
    [InlineData("node-1", "2026-02-10T15:59:59+05:30", "node-1@2026-02-10T10Z")]
    [InlineData("gpu-node-7", "2026-12-31T23:00:00+00:00", "gpu-node-7@2026-12-31T23Z")]
    public void A_node_hour_key_is_written_as_it_always_was_and_reads_back(string node, string instant, string text)
    {
        var key = new NodeHourKey(node, DateTimeOffset.Parse(instant));

        Assert.Equal(text, key.ToString());
        Assert.Equal(key, NodeHourKey.Parse(text));
    }

    [Theory]
    [InlineData("acme@2026-02-01T00:00Z")]
    [InlineData("node-1")]
    [InlineData("@2026-02-10T10Z")]
    public void Text_that_is_not_a_node_hour_key_is_refused(string text) =>
        Assert.False(NodeHourKey.TryParse(text, out _));
}
