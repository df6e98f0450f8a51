using GpuBilling.Decisions;
using GpuBilling.Messaging;
using MassTransit;
using Metering.Contracts;
using Pricing.Estimates;

namespace Pricing.Accrual;

/// <summary>
/// Accrues sealed usage in batches: one transaction, and one append per period stream, per batch.
/// Then the tenants' estimates, whose sealed seconds the same transaction counted.
/// </summary>
public sealed class UsageRecordedConsumer(AccrualWriter accrual, ChargesEstimates estimates) : IConsumer<Batch<UsageRecorded>>
{
    public async Task Consume(ConsumeContext<Batch<UsageRecorded>> context)
    {
        var ledgerEvents = context.Message.Select(m => m.Message).ToList();
        await accrual.AccrueAsync(ledgerEvents, context.CancellationToken);
        await estimates.PublishForAsync([.. ledgerEvents.SelectMany(e => e.Usage).Select(u => u.TenantId).Distinct()], context.CancellationToken);
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
