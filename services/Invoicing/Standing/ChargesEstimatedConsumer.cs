using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Invoicing.Ratings;
using Marten;
using MassTransit;
using Metering.Contracts;

namespace Invoicing.Standing;

/// <summary>The newest estimate of one tenant period, kept under the period's rating key (<see cref="PeriodCharges.KeyFor"/>).</summary>
public sealed record ChargesEstimate(string Id, string TenantId, DateTimeOffset PeriodEnd, ChargesEstimated Estimate)
{
    /// <summary>Newer: made for a newer rating, or later for the same one. Estimates arrive redelivered and out of order.</summary>
    public bool IsNewerThan(ChargesEstimate? kept) =>
        kept is null
        || Estimate.TotalsVersion > kept.Estimate.TotalsVersion
        || (Estimate.TotalsVersion == kept.Estimate.TotalsVersion && Estimate.EstimatedAt > kept.Estimate.EstimatedAt);
}

/// <summary>
/// Keeps the newest estimate of each tenant period and reviews the tenant's standing with it, in
/// one transaction. An estimate not newer than the kept one (redelivered, overtaken) changes
/// nothing, so it cannot send a webhook twice.
/// </summary>
public sealed class ChargesEstimatedConsumer(WriteTransactions writes, TimeProvider clock) : IConsumer<ChargesEstimated>
{
    public async Task Consume(ConsumeContext<ChargesEstimated> context)
    {
        var estimated = context.Message;
        var cancellationToken = context.CancellationToken;
        var key = PeriodCharges.KeyFor(estimated.TenantId, estimated.PeriodStart);

        await using var write = await writes.BeginAsync(cancellationToken);
        // The lock the period's ratings are kept under: a review then sees a rating either kept or not, never half.
        await AdvisoryLocks.TenantPeriod.TakeExclusiveAsync(write.Transaction, [key], cancellationToken);
        var session = write.Session;

        var estimate = new ChargesEstimate(key, estimated.TenantId, estimated.PeriodEnd, estimated);
        if (!estimate.IsNewerThan(await session.LoadAsync<ChargesEstimate>(key, cancellationToken))) return;
        session.Store(estimate);
        await StandingReview.ReviewAsync(write, estimated.TenantId,
            new StandingCause($"estimate on rating {estimated.TotalsVersion} through {estimated.UsageThrough:O}", clock.GetUtcNow(), StandingSweep.Standing)
            {
                Estimate = estimate,
            },
            cancellationToken);
        await write.CommitAsync(cancellationToken);
    }
}

public sealed class ChargesEstimatedConsumerDefinition() : WorkQueue<ChargesEstimatedConsumer>(QueueName)
{
    public const string QueueName = "invoicing-charges-estimated";
}
