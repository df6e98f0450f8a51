using GpuBilling.Messaging;
using Invoicing.Ratings;
using Marten;
using MassTransit;
using Metering.Contracts;
using Npgsql;
using SessionOptions = Marten.Services.SessionOptions;

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
public sealed class ChargesEstimatedConsumer(NpgsqlDataSource database, IDocumentStore store, TimeProvider clock) : IConsumer<ChargesEstimated>
{
    public async Task Consume(ConsumeContext<ChargesEstimated> context)
    {
        var estimated = context.Message;
        var cancellationToken = context.CancellationToken;
        var key = PeriodCharges.KeyFor(estimated.TenantId, estimated.PeriodStart);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The lock the period's ratings are kept under: a review then sees a rating either kept or not, never half.
        await AdvisoryLocks.TenantPeriod.TakeExclusiveAsync(transaction, [key], cancellationToken);
        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction));

        var estimate = new ChargesEstimate(key, estimated.TenantId, estimated.PeriodEnd, estimated);
        if (!estimate.IsNewerThan(await session.LoadAsync<ChargesEstimate>(key, cancellationToken))) return;
        session.Store(estimate);
        await StandingReview.ReviewAsync(session, estimated.TenantId,
            new StandingCause($"estimate on rating {estimated.TotalsVersion} through {estimated.UsageThrough:O}", clock.GetUtcNow(), StandingSweep.Standing)
            {
                Estimate = estimate,
            },
            cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

public sealed class ChargesEstimatedConsumerDefinition() : WorkQueue<ChargesEstimatedConsumer>(QueueName)
{
    public const string QueueName = "invoicing-charges-estimated";
}
