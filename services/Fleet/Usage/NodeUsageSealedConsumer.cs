using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Marten;
using MassTransit;
using Metering.Contracts;

namespace Fleet.Usage;

/// <summary>
/// Keeps what the ledger sealed, node-hour by node-hour, in batches: one transaction per batch. A
/// ledger event's id is kept in the node-hour it adds to, in the same document, so a redelivered
/// event adds nothing and a failed save never makes its retry look like a duplicate. What a node-hour
/// gains is summed into its node-day in the same transaction, so the day never counts an event its
/// hour does not hold, nor misses one; the day's rows (<see cref="NodeDayRows"/>) are written in it too.
/// </summary>
public sealed class NodeUsageSealedConsumer(WriteTransactions writes) : IConsumer<Batch<NodeUsageSealed>>
{
    public async Task Consume(ConsumeContext<Batch<NodeUsageSealed>> context)
    {
        var byNodeHour = context.Message.Select(m => m.Message).GroupBy(m => m.LedgerStream, StringComparer.Ordinal).ToList();
        await using var write = await writes.BeginAsync(context.CancellationToken);
        var session = write.Session;
        var known = (await session.LoadManyAsync<NodeHourUsage>(context.CancellationToken, byNodeHour.Select(g => g.Key).ToArray()))
            .ToDictionary(u => u.Id, StringComparer.Ordinal);
        var dayIds = byNodeHour.Select(g => NodeDayUsage.KeyOf(g.First().NodeId, NodeDayUsage.DayOf(g.First().Hour))).Distinct().ToArray();
        var daysRead = (await session.LoadManyAsync<NodeDayUsage>(context.CancellationToken, dayIds)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var days = new Dictionary<string, NodeDayUsage>(daysRead, StringComparer.Ordinal);
        foreach (var events in byNodeHour)
        {
            var before = known.GetValueOrDefault(events.Key);
            var after = events.Aggregate(before, NodeHourUsage.Evolve)!;
            if (ReferenceEquals(before, after)) continue;
            session.StoreEvolved(before, after);
            var dayId = NodeDayUsage.KeyOf(after.NodeId, NodeDayUsage.DayOf(after.Hour));
            days[dayId] = NodeDayUsage.Evolve(days.GetValueOrDefault(dayId), after, after.Windows.Skip(before?.Windows.Count ?? 0));
        }
        var changed = days.Where(d => !ReferenceEquals(daysRead.GetValueOrDefault(d.Key), d.Value)).OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
        foreach (var (id, day) in changed) session.StoreEvolved(daysRead.GetValueOrDefault(id), day);
        NodeDayRows.Store(session, [.. changed.Select(d => d.Value)]);
        await write.CommitAsync(context.CancellationToken);
    }
}

// One batch at a time per instance: a node's events of an hour arrive together and would only race for its document.
public sealed class NodeUsageSealedConsumerDefinition()
    : WorkQueue<NodeUsageSealedConsumer>(QueueName, new Batches(BatchSize, TimeSpan.FromMilliseconds(250)))
{
    public const string QueueName = "fleet-node-usage-sealed";
    public const int BatchSize = 200;
}
