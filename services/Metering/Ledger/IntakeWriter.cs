using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Metering.Contracts;

namespace Metering.Ledger;

/// <summary>
/// The intake's write path, one transaction per batch: hold the node-hours, keep only seconds
/// neither sealed nor claimed, write them as parts with the grown claims, and count exactly those
/// parts into the read models. The deduplication claim and the usage it protects commit together
/// or not at all.
/// </summary>
public sealed class IntakeWriter(
    WriteTransactions writes, IEnumerable<ILedgerReadModel> readModels, SealingOptions sealing, TimeProvider clock)
{
    private static readonly string RecordedBy = $"service:metering@{Environment.MachineName}";

    /// <summary>Records the reported node-seconds, whichever report form carried them; returns what was new, as the read models counted it.</summary>
    public async Task<IReadOnlyList<NodeUsageRecorded>> RecordAsync(IEnumerable<(string NodeId, NodeSecond Second)> seconds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var commands = RecordNodeSeconds.For(seconds, now, RecordedBy);
        if (commands.Count == 0) return [];

        await using var write = await writes.BeginAsync(cancellationToken);
        var (session, transaction) = (write.Session, write.Transaction);
        var keys = commands.Select(c => c.StreamKey).ToList();
        // Exclusive: reading the claims and writing them back must not interleave with another batch
        // of the same node-hour (a redelivery, a second instance), which then simply waits.
        // Locked by the stream key's text, so the lock of a node-hour is the same in every version.
        await AdvisoryLocks.NodeHour.TakeExclusiveAsync(transaction, keys.Select(k => k.ToString()), cancellationToken);

        var ledgers = await Intake.LedgersAsync(session, keys, cancellationToken);
        var claims = await Intake.ClaimsAsync(transaction, keys, cancellationToken);
        var (parts, claimed) = Intake.Decide(commands, ledgers, claims, sealing.Window);
        await Intake.AddAsync(transaction, parts, claimed, cancellationToken);

        // What the read models count is what the ledger will hold once sealed: the same parts.
        var accepted = parts.Select(p => p.ToRecorded(now, RecordedBy)).ToList();
        foreach (var readModel in readModels) readModel.Apply(session, accepted);
        await write.CommitAsync(cancellationToken);
        return accepted;
    }
}
