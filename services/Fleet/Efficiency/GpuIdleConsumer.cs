using GpuBilling.Messaging;
using Marten;
using MassTransit;
using Metering.Contracts;

namespace Fleet.Efficiency;

/// <summary>
/// Follows every held GPU through the sealed ledger, window by window, and sends `gpu.idle` when one
/// stays idle for its tenant's duration (<see cref="IdleEpisodes"/>). The alert is published before
/// the watch is saved: should the save fail, the retry decides against the old watch and publishes
/// the same event again (the same id, which webhooks deduplicate on) rather than save an episode as
/// announced that nobody heard of.
/// </summary>
public sealed class GpuIdleConsumer(IDocumentStore store) : IConsumer<NodeUsageSealed>
{
    public async Task Consume(ConsumeContext<NodeUsageSealed> context)
    {
        var sealedUsage = context.Message;
        var cancellationToken = context.CancellationToken;
        await using var session = store.LightweightSession();
        var ids = sealedUsage.Gpus.Select(g => GpuIdleWatch.IdOf(sealedUsage.NodeId, g.GpuUuid)).Distinct(StringComparer.Ordinal).ToArray();
        var loaded = (await session.LoadManyAsync<GpuIdleWatch>(cancellationToken, ids)).ToDictionary(w => w.Id, StringComparer.Ordinal);
        var tenants = sealedUsage.Gpus.Select(g => g.TenantId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var settings = (await session.LoadManyAsync<TenantIdleSettings>(cancellationToken, tenants)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var fleet = await session.LoadAsync<FleetIdleThreshold>(FleetIdleThreshold.DocumentId, cancellationToken);

        var watches = new Dictionary<string, GpuIdleWatch>(loaded, StringComparer.Ordinal);
        // A GPU held by two allocations in one window has two entries: each moves the watch on in turn.
        foreach (var gpu in sealedUsage.Gpus.OrderBy(g => Runs.ParseRanges(g.Seconds).First().First))
        {
            var id = GpuIdleWatch.IdOf(sealedUsage.NodeId, gpu.GpuUuid);
            var rule = IdleRule.Of(gpu.TenantId is null ? null : settings.GetValueOrDefault(gpu.TenantId), fleet);
            var (watch, alert) = IdleEpisodes.Decide(watches.GetValueOrDefault(id), sealedUsage, gpu, rule);
            watches[id] = watch;
            if (alert is not null) await context.Publish(IdleEpisodes.EventOf(alert), cancellationToken);
        }
        foreach (var (id, watch) in watches)
        {
            if (!loaded.TryGetValue(id, out var before)) session.Insert(watch);
            else if (before != watch) session.Update(watch);
        }
        await session.SaveChangesAsync(cancellationToken);
    }
}

public sealed class GpuIdleConsumerDefinition() : WorkQueue<GpuIdleConsumer>(QueueName)
{
    public const string QueueName = "fleet-gpu-idle";

    // A node's windows arrive in the ledger's order; taken one at a time they are decided in it
    // (instances racing for a GPU's watch are resolved by its version, a retry deciding again).
    protected override void ConfigureQueue(IReceiveEndpointConfigurator endpoint, IRegistrationContext context) =>
        endpoint.ConcurrentMessageLimit = 1;
}
