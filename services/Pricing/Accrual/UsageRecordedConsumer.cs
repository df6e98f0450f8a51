using GpuBilling.Decisions;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using MassTransit;
using Metering.Contracts;
using Pricing.Estimates;

namespace Pricing.Accrual;

/// <summary>
/// Accrues sealed usage in batches: one transaction, and one append per period stream, per batch.
/// The tenants' estimates are made in the same transaction, from what the accrual read (terms,
/// cards, the periods as the batch leaves them, and the tallies with its sealed seconds added), and
/// published once it has committed.
/// </summary>
public sealed class UsageRecordedConsumer(WriteTransactions writes, AccrualWriter accrual, ChargesEstimates estimates)
    : IConsumer<Batch<UsageRecorded>>
{
    public async Task Consume(ConsumeContext<Batch<UsageRecorded>> context)
    {
        var cancellationToken = context.CancellationToken;
        var ledgerEvents = context.Message.Select(m => m.Message).ToList();
        await using var write = await writes.BeginAsync(cancellationToken);
        var outcome = await accrual.AccrueAsync(write, ledgerEvents, cancellationToken);
        var estimated = await estimates.EstimateAsync(write, outcome, cancellationToken);
        await write.CommitAsync(cancellationToken);
        accrual.Report(outcome);
        await estimates.PublishAsync(estimated, cancellationToken);
    }
}

// One batch at a time per instance: a tenant's ledger events arrive together, and two batches of
// one instance would only race for the same period streams. The ledger makes a few events per node
// an hour, far below what one batch a time accrues.
public sealed class UsageRecordedConsumerDefinition()
    : WorkQueue<UsageRecordedConsumer>(QueueName, new Batches(BatchSize, TimeSpan.FromMilliseconds(200)), e => e is CommandRefused)
{
    public const string QueueName = "pricing-usage-recorded";
    public const int BatchSize = 100;
}
