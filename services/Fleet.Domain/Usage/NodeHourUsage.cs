using Metering.Contracts;

namespace Fleet.Usage;

/// <summary>
/// What the ledger sealed of one node's UTC hour, as the fleet keeps it: every GPU entry of every
/// ledger event, unallocated ones and readings included, with the runs of seconds that let a cost
/// card version or an inventory change be applied at any second. The ids of the ledger events it
/// holds are what count a redelivered event once: the claim and the usage are one document.
/// </summary>
/// <param name="Id">The ledger's own node-hour stream key, "{node}@{yyyy-MM-ddTHH}Z".</param>
public sealed record NodeHourUsage(string Id, string NodeId, DateTimeOffset Hour, IReadOnlyList<Guid> LedgerEvents, IReadOnlyList<SealedWindow> Windows)
{
    public static NodeHourUsage Evolve(NodeHourUsage? usage, NodeUsageSealed sealedUsage)
    {
        usage ??= new NodeHourUsage(sealedUsage.LedgerStream, sealedUsage.NodeId, sealedUsage.Hour.ToUniversalTime(), [], []);
        return usage.LedgerEvents.Contains(sealedUsage.LedgerEventId)
            ? usage
            : usage with
            {
                LedgerEvents = [.. usage.LedgerEvents, sealedUsage.LedgerEventId],
                Windows = [.. usage.Windows, new SealedWindow(sealedUsage.LedgerEventId, sealedUsage.Seconds, sealedUsage.Gpus)],
            };
    }
}

/// <summary>One ledger event of the hour: the seconds the node reported and its GPUs' entries.</summary>
public sealed record SealedWindow(Guid LedgerEventId, string Seconds, IReadOnlyList<SealedGpuUsage> Gpus);
