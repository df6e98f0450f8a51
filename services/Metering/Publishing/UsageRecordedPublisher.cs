using GpuBilling.Messaging;
using JasperFx.Events;
using Marten;
using MassTransit;
using Metering.Contracts;
using Metering.Ledger;

namespace Metering.Publishing;

/// <summary>
/// Publishes every sealed ledger event as <see cref="NodeUsageSealed"/> (all of it, for fleet costs
/// and efficiency) and, where it holds allocated time, as <see cref="UsageRecorded"/> (for billing),
/// each with the event's id for consumers to count it once. One subscription publishes both, so
/// they leave together and share one stored progress: a second subscription would start from the
/// first ledger event and republish history to consumers that bound their queues meanwhile.
/// </summary>
public sealed class UsageRecordedPublisher : PublishingSubscription<object>
{
    public UsageRecordedPublisher(IBus bus) : base(bus)
    {
        // The name its progress is stored under: kept from when it published UsageRecorded alone.
        Name = "usage-recorded-publisher";
        IncludeType<NodeUsageRecorded>();
        Options.BatchSize = 500;
    }

    protected override Task<IReadOnlyList<object>> MessagesOfAsync(
        IReadOnlyList<IEvent> events, IQuerySession operations, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<object>>([.. events.Where(e => e.Data is NodeUsageRecorded).SelectMany(MessagesOf)]);

    private static IEnumerable<object> MessagesOf(IEvent e)
    {
        var recorded = (NodeUsageRecorded)e.Data;
        yield return SealedUsage.Of(e.Id, e.StreamKey!, recorded);
        var billable = RecordedUsage.Of(e.Id, e.StreamKey!, recorded);
        if (billable.Usage.Count > 0) yield return billable;
    }
}
