using Marten;
using Metering.Contracts;

namespace Metering.Ledger;

/// <summary>The ledger's write path: fetch each node-hour for writing, decide, append, save once.</summary>
public sealed class LedgerWriter(IDocumentStore store, IEnumerable<ILedgerReadModel> readModels, TimeProvider clock)
{
    private static readonly string RecordedBy = $"service:metering@{Environment.MachineName}";

    /// <summary>
    /// Records valid reports in one transaction and returns the events appended. A concurrent
    /// writer to the same node-hour makes the save fail on its expected version; the caller
    /// retries and the retry finds those seconds already seen.
    /// </summary>
    public async Task<IReadOnlyList<NodeUsageRecorded>> RecordAsync(
        IEnumerable<GpuUsageReported> reports, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var commands = CommandsFor(reports, now);
        if (commands.Count == 0) return [];

        await using var session = store.LightweightSession();
        var batch = session.CreateBatchQuery();
        var fetches = commands
            .Select(command => (Command: command, Stream: batch.Events.FetchForWriting<NodeHourLedger>(
                LedgerStreams.KeyFor(command.NodeId, command.Hour))))
            .ToList();
        await batch.Execute(cancellationToken);

        var recorded = new List<NodeUsageRecorded>();
        foreach (var (command, fetch) in fetches)
        {
            var stream = await fetch;
            if (RecordNodeSecondsDecision.Decide(command, stream.Aggregate) is not { } appended) continue;
            stream.AppendOne(appended);
            recorded.Add(appended);
        }
        if (recorded.Count == 0) return [];

        foreach (var readModel in readModels) readModel.Apply(session, recorded);
        await session.SaveChangesAsync(cancellationToken);
        return recorded;
    }

    // Ordered by stream key so two writers lock node-hours in the same order and cannot deadlock.
    private static List<RecordNodeSeconds> CommandsFor(IEnumerable<GpuUsageReported> reports, DateTimeOffset now) =>
        reports
            .SelectMany(report => report.Seconds.Select(second => (report.NodeId, Second: second)))
            .GroupBy(s => (s.NodeId, Hour: LedgerStreams.HourOf(s.Second.Second)))
            .OrderBy(g => LedgerStreams.KeyFor(g.Key.NodeId, g.Key.Hour), StringComparer.Ordinal)
            .Select(g => new RecordNodeSeconds(g.Key.NodeId, g.Key.Hour, g.Select(s => s.Second).ToList(), now, RecordedBy))
            .ToList();
}
