using GpuBilling.HashChains;

namespace Metering.Ledger;

/// <summary>
/// What the ledger already holds for one node's UTC hour: the state every new report is
/// decided against. Kept as an inline snapshot so deduplication is one document read, and
/// sealing one more event onto the stream needs no read of the stream.
/// </summary>
public sealed record NodeHourLedger(string Id, SecondSet Seen)
{
    /// <summary>The hash of the stream's last event: what the next event is chained to.</summary>
    public string LastHash { get; init; } = HashChain.Genesis;

    /// <summary>The hour with one more event; the first event of a stream starts it.</summary>
    public static NodeHourLedger Evolve(NodeHourLedger? ledger, NodeUsageRecorded recorded) => ledger is null
        ? new(new NodeHourKey(recorded.NodeId, recorded.Hour).ToString(), recorded.Seconds) { LastHash = recorded.Hash }
        : ledger with { Seen = ledger.Seen.Union(recorded.Seconds), LastHash = recorded.Hash };
}

/// <summary>The UTC hour a second falls in: a node's ledger stream is per hour (<see cref="NodeHourKey"/>).</summary>
public static class LedgerStreams
{
    public static DateTimeOffset HourOf(DateTimeOffset second)
    {
        var utc = second.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
