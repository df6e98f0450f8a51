using GpuBilling.Decisions;
using GpuBilling.Messaging;
using MassTransit;
using Metering.Contracts;
using Npgsql;

namespace Pricing.Estimates;

/// <summary>
/// Counts metering's observations of unsealed usage, a second's worth in one transaction, then
/// publishes each tenant's new estimate: a batch per second is what coalesces a tenant's
/// estimates to about one a second however many intake batches metering commits meanwhile.
/// </summary>
public sealed class UsageObservedConsumer(NpgsqlDataSource database, ChargesEstimates estimates) : IConsumer<Batch<UsageObserved>>
{
    public async Task Consume(ConsumeContext<Batch<UsageObserved>> context)
    {
        var cancellationToken = context.CancellationToken;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var tenants = await UnsealedUsage.AddObservedAsync(transaction, [.. context.Message.Select(m => m.Message)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await estimates.PublishForAsync(tenants, cancellationToken);
    }
}

// One batch a second per instance: the standing must see a second within 30 s, and an estimate a
// second is all a scheduler can act on.
public sealed class UsageObservedConsumerDefinition()
    : WorkQueue<UsageObservedConsumer>(QueueName, new Batches(BatchSize, TimeSpan.FromSeconds(1)), e => e is CommandRefused)
{
    public const string QueueName = "pricing-usage-observed";
    public const int BatchSize = 1000;
}
