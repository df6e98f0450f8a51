using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Metering.Contracts;
using Metering.Ledger;

namespace Metering.Publishing;

/// <summary>
/// Publishes every sealed ledger event as <see cref="UsageRecorded"/>. Saving and then publishing
/// would be a dual write (a crash between the two loses the message); a Marten subscription
/// publishes first and stores its progress after, so a crash can only publish again.
/// </summary>
public sealed class UsageRecordedPublisher : SubscriptionBase
{
    private readonly IBus _bus;

    public UsageRecordedPublisher(IBus bus)
    {
        _bus = bus;
        Name = "usage-recorded-publisher";
        IncludeType<NodeUsageRecorded>();
        Options.BatchSize = 500;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var messages = page.Events
            .Where(e => e.Data is NodeUsageRecorded)
            .Select(e => Of(e.Id, e.StreamKey!, (NodeUsageRecorded)e.Data))
            .Where(m => m.Usage.Count > 0)
            .ToList();
        await Task.WhenAll(messages.Select(m => _bus.Publish(m, cancellationToken)));
        return NullChangeListener.Instance;
    }

    /// <summary>The allocated part of a ledger event; seconds held by nobody are billed to nobody.</summary>
    public static UsageRecorded Of(Guid eventId, string stream, NodeUsageRecorded recorded) => new()
    {
        LedgerEventId = eventId,
        LedgerStream = stream,
        NodeId = recorded.NodeId,
        Hour = recorded.Hour,
        Usage =
        [
            .. recorded.Gpus
                .Where(g => g.TenantId is not null)
                .Select(g => new AllocatedUsage
                {
                    TenantId = g.TenantId!,
                    WorkloadId = g.WorkloadId ?? "",
                    GpuUuid = g.GpuUuid,
                    Model = g.Model,
                    MigProfile = g.MigProfile,
                    AllocationClass = g.AllocationClass ?? AllocationClasses.OnDemand,
                    Seconds = g.Seconds.ToString(),
                    GpuSeconds = g.GpuSeconds,
                    EnergyJoules = g.Sums.PowerJoules,
                }),
        ],
    };
}
