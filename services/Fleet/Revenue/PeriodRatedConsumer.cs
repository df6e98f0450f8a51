using GpuBilling.Messaging;
using Marten;
using MassTransit;
using Metering.Contracts;

namespace Fleet.Revenue;

/// <summary>
/// Keeps the newest rating of each tenant's billing period. A repeated or older rating changes
/// nothing (<see cref="RatedPeriod.Evolve"/>); two instances racing on one period write at the
/// version each read, and the loser is retried against what won.
/// </summary>
public sealed class PeriodRatedConsumer(IDocumentStore store) : IConsumer<PeriodRated>
{
    public async Task Consume(ConsumeContext<PeriodRated> context)
    {
        await using var session = store.LightweightSession();
        var before = await session.LoadAsync<RatedPeriod>(RatedPeriod.KeyOf(context.Message.TenantId, context.Message.PeriodStart), context.CancellationToken);
        var after = RatedPeriod.Evolve(before, context.Message);
        if (ReferenceEquals(before, after)) return;
        session.StoreEvolved(before, after);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed class PeriodRatedConsumerDefinition() : WorkQueue<PeriodRatedConsumer>(QueueName)
{
    public const string QueueName = "fleet-period-rated";
}
