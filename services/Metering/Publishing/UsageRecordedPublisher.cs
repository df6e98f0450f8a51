using GpuBilling.Messaging;
using JasperFx.Events;
using Marten;
using MassTransit;
using Metering.Contracts;
using Metering.Ledger;

namespace Metering.Publishing;

/// <summary>
/// Publishes every sealed ledger event that holds allocated time as <see cref="UsageRecorded"/>,
/// its event id for consumers to count it once.
/// </summary>
public sealed class UsageRecordedPublisher : PublishingSubscription<UsageRecorded>
{
    public UsageRecordedPublisher(IBus bus) : base(bus)
    {
        Name = "usage-recorded-publisher";
        IncludeType<NodeUsageRecorded>();
        Options.BatchSize = 500;
    }

    protected override Task<IReadOnlyList<UsageRecorded>> MessagesOfAsync(
        IReadOnlyList<IEvent> events, IQuerySession operations, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UsageRecorded>>(
        [
            .. events
                .Where(e => e.Data is NodeUsageRecorded)
                .Select(e => RecordedUsage.Of(e.Id, e.StreamKey!, (NodeUsageRecorded)e.Data))
                .Where(m => m.Usage.Count > 0),
        ]);
}
